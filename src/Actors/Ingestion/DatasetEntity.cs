using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using PoseCluster.Actors.Harmonization;
using PoseCluster.Actors.Pipeline;
using PoseCluster.Datasets;
using PoseCluster.Datasets.Ingestion;
using PoseCluster.Datasets.Pipeline;
using PoseCluster.Datasets.Sources;
using PoseCluster.Storage.Pipeline;
using PoseCluster.Storage.Registry;

namespace PoseCluster.Actors.Ingestion;

/// <summary>
/// A dataset (sharded, persistent, remembered; id = dataset name; docs/AUGMOTION.md, "The cluster"). It
/// accepts ingestion jobs (kind + folder) and runs them one at a time: the cheap scan (sizes, times, header
/// hashes; the previous scan's fingerprints are in its journal, so only changed files are read and hashed),
/// stage 1 of every unit handed out to <see cref="Stage1UnitEntity"/> workers on worker nodes (a unit is the
/// set of files one load reads, so no raw file is read twice), the selection and Eq. 1 sums once every unit
/// is through (the records are handed to the Sequence entities while the workers still store the frames), every
/// accepted sequence's record handed to its <see cref="SequenceEntity"/>, the registry's dataset row, and — once
/// every unit's frames are stored — <see cref="DatasetReady"/> to the corpus coordinator. Every step is persisted
/// before it is acknowledged or built on, every command it sends is sent again until answered (the
/// receivers apply each once), so a node that dies mid-job costs time, not work or correctness.
/// </summary>
public sealed class DatasetEntity : ReceivePersistentActor, IWithTimers
{
    /// <summary>Entity type name of the datasets' shard region.</summary>
    public const string TypeName = "dataset";

    private const string TickTimer = "tick";

    private readonly PipelineEnvironment _environment;
    private readonly IActorRef _units;
    private readonly IActorRef _sequences;
    private readonly IActorRef _coordinator;
    private readonly DatasetState _state;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    // Working sets of the running job (in memory: rebuilt by sending again after a restart).
    private readonly Dictionary<string, int> _unitsInFlight = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _unitFailures = new(StringComparer.Ordinal);
    // Units whose records are in but whose frames are still being stored (the report waits for them).
    private readonly HashSet<string> _unitsUnstored = new(StringComparer.Ordinal);
    private readonly HashSet<string> _sequencesSent = new(StringComparer.Ordinal);
    private readonly HashSet<string> _sequencesAcked = new(StringComparer.Ordinal);
    private string? _scanning;
    private string? _recordingRegistry;
    private bool _reportSent;
    private bool _trackSent;

    /// <summary>Creates dataset <paramref name="name"/>.</summary>
    /// <param name="name">The dataset name (entity id).</param>
    /// <param name="environment">The node's pipeline environment.</param>
    /// <param name="units">The stage-1 unit workers' shard region.</param>
    /// <param name="sequences">The Sequence entities' shard region.</param>
    /// <param name="coordinator">The corpus coordinator (singleton proxy).</param>
    public DatasetEntity(string name, PipelineEnvironment environment, IActorRef units, IActorRef sequences, IActorRef coordinator)
    {
        ArgumentNullException.ThrowIfNull(environment);
        PersistenceId = $"{TypeName}:{name}";
        _environment = environment;
        _units = units;
        _sequences = sequences;
        _coordinator = coordinator;
        _state = new DatasetState(name);

        Recover<SnapshotOffer>(offer => _state.Restore((DatasetSnapshot)offer.Snapshot));
        Recover<RecoveryCompleted>(_ => Resume());
        Recover<object>(_state.Apply);

        Command<AddDataset>(HandleAdd);
        Command<GetDatasetStatus>(_ => Sender.Tell(Status()));
        Command<GetDatasetJob>(get => Sender.Tell(JobStatus(get.Job)));
        Command<GetDatasetInputs>(_ => Sender.Tell(_state.Current is { } current ? current.Inputs : new DatasetNotReady(Name)));
        Command<ScanFinished>(HandleScanFinished);
        Command<ScanFailed>(HandleScanFailed);
        Command<Stage1UnitDone>(HandleUnitDone);
        Command<Stage1UnitFailed>(HandleUnitFailed);
        Command<Stage1Recorded>(HandleSequenceRecorded);
        Command<RegistryRecorded>(HandleRegistryRecorded);
        Command<RegistryFailed>(failed =>
        {
            _recordingRegistry = null;
            _log.Warning("dataset {0}: recording job {1} in the registry failed (tried again): {2}", Name, failed.Job, failed.Reason);
        });
        Command<DatasetTracked>(_ => HandleTracked());
        Command<DatasetReadyAcknowledged>(HandleReportAcknowledged);
        Command<Tick>(_ => Continue(resend: true));
        Command<SaveSnapshotSuccess>(_ => { });
        Command<SaveSnapshotFailure>(failure => _log.Warning(failure.Cause, "dataset {0}: snapshot failed", Name));
    }

    /// <summary>The dataset name.</summary>
    public string Name => _state.Name;

    /// <inheritdoc />
    public override string PersistenceId { get; }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props of dataset <paramref name="name"/>.</summary>
    public static Props PropsFor(string name, PipelineEnvironment environment, IActorRef units, IActorRef sequences, IActorRef coordinator) =>
        Props.Create(() => new DatasetEntity(name, environment, units, sequences, coordinator));

    private void Resume()
    {
        Timers.StartPeriodicTimer(TickTimer, Tick.Instance, _environment.Timings.RetryInterval);
        if (_state.Running is { Job.Phase: DatasetJobPhase.Stage1 or DatasetJobPhase.Recording } running)
        {
            // Whether the units computed before the restart were stored is not in the journal: ask their workers again
            // (a stored unit is answered from the cache without computing anything).
            _unitsUnstored.UnionWith(running.Outcomes.Where(o => o.Status == Stage1UnitStatus.Computed).Select(o => o.Unit));
            SendUnstored(running);
        }

        Continue(resend: false);
    }

    private void HandleAdd(AddDataset add)
    {
        if (_state.Job(add.Job) is not null)
        {
            Sender.Tell(new DatasetAdded(Name, add.Job, Ahead(add.Job)));
            return;
        }

        var sender = Sender;
        Persist(new DatasetJobAccepted(add.Job, add.Kind, add.Directory, DateTimeOffset.UtcNow), accepted =>
        {
            _state.Apply(accepted);
            _log.Info("dataset {0}: job {1} accepted ({2} at {3})", Name, accepted.Job, DatasetKinds.NameOf(accepted.Kind), accepted.Directory);
            sender.Tell(new DatasetAdded(Name, accepted.Job, Ahead(accepted.Job)));
            Continue(resend: false);
        });
    }

    private int Ahead(string job)
    {
        var jobs = _state.Jobs;
        var index = jobs.ToList().FindIndex(j => j.Job == job);
        return jobs.Take(index).Count(j => j.Phase is not (DatasetJobPhase.Reported or DatasetJobPhase.Failed));
    }

    /// <summary>Drives the running job one step further; with <paramref name="resend"/>, sends again what is unanswered.</summary>
    private void Continue(bool resend)
    {
        // A dataset is tracked by the coordinator once it has a job: an entity a status query started is not a dataset.
        if (!_state.Tracked && _state.Jobs.Count > 0 && (resend || !_trackSent))
        {
            _trackSent = true;
            _coordinator.Tell(new TrackDataset(Name));
        }

        if (_state.Running is not { } running)
        {
            return;
        }

        switch (running.Job.Phase)
        {
            case DatasetJobPhase.Scanning:
                StartScan(running);
                break;
            case DatasetJobPhase.Stage1:
                DispatchUnits(running, resend);
                break;
            case DatasetJobPhase.Recording:
                if (resend)
                {
                    SendUnstored(running);
                }

                HandOutSequences(running, resend);
                break;
            case DatasetJobPhase.Reporting:
                if (resend || !_reportSent)
                {
                    _reportSent = true;
                    _coordinator.Tell(new DatasetReady(Name, running.Job.Job, running.Job.ContentHash!));
                }

                break;
            default:
                break;
        }
    }

    // ---- scan -------------------------------------------------------------------------------------

    private void StartScan(RunningDatasetJob running)
    {
        var job = running.Job;
        if (_scanning == job.Job)
        {
            return;
        }

        _scanning = job.Job;
        var source = new DatasetSource(Name, job.Kind, job.Directory);
        var previous = _state.PreviousFiles(job.Kind, job.Directory);
        var loaders = _environment.Settings.Stage1.Loaders;
        var loader = DatasetLoaders.Create(job.Kind, loaders);
        var reader = _environment.Reader;
        ScanAsync().PipeTo(Self, success: scan => new ScanFinished(job.Job, scan), failure: e => new ScanFailed(job.Job, Reason(e)));

        async Task<DatasetScan> ScanAsync()
        {
            // The folder was checked when the job was submitted; it may have changed since.
            if (!await Task.Run(() => loader.Recognizes(source.Directory)).ConfigureAwait(false))
            {
                throw new DatasetFormatException(source.Directory, null, Directory.Exists(source.Directory)
                    ? $"not a {DatasetKinds.NameOf(source.Kind)} dataset (expected {DatasetLoaders.ExpectedLayout(source.Kind, loaders)})"
                    : "no such folder");
            }

            return await DatasetScanner.ScanAsync(source, loader, previous, reader, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private void HandleScanFinished(ScanFinished finished)
    {
        _scanning = null;
        if (_state.Running?.Job is not { Phase: DatasetJobPhase.Scanning } job || job.Job != finished.Job)
        {
            return;
        }

        var scan = finished.Scan;
        var changed = scan.ChangedFiles.Count;
        Persist(new DatasetJobScanned(job.Job, scan.Files.ToArray(), scan.CheapFingerprint, scan.Layout.ListFiles, scan.Layout.Units.Select(u => u with { Files = u.Files.ToArray() }).ToArray()), scanned =>
        {
            _state.Apply(scanned);
            _log.Info("dataset {0}: job {1} scanned: {2} units, {3} files ({4} new or changed)", Name, job.Job, scanned.Units.Count, scanned.Files.Count, changed);
            Continue(resend: false);
        });
    }

    private void HandleScanFailed(ScanFailed failed)
    {
        _scanning = null;
        if (_state.Running?.Job is not { Phase: DatasetJobPhase.Scanning } job || job.Job != failed.Job)
        {
            return;
        }

        _log.Warning("dataset {0}: job {1} failed: {2}", Name, job.Job, failed.Reason);
        Persist(new DatasetJobFailed(job.Job, failed.Reason), Finished);
    }

    // ---- stage 1 ----------------------------------------------------------------------------------

    private void DispatchUnits(RunningDatasetJob running, bool resend)
    {
        if (running.AllUnitsRecorded)
        {
            CompleteStage1(running);
            return;
        }

        if (resend)
        {
            foreach (var unit in running.PendingUnits.Where(u => _unitsInFlight.ContainsKey(u.Id)))
            {
                SendUnit(running, unit);
            }

            SendUnstored(running);
        }

        foreach (var unit in running.PendingUnits.Where(u => !_unitsInFlight.ContainsKey(u.Id)).Take(_environment.Timings.UnitsInFlight - _unitsInFlight.Count).ToList())
        {
            _unitsInFlight[unit.Id] = 0;
            SendUnit(running, unit);
        }
    }

    private void SendUnit(RunningDatasetJob running, SourceUnit unit)
    {
        var job = running.Job;
        _units.Tell(new RunStage1Unit(Stage1UnitEntity.IdOf(Name, unit.Id), Name, job.Job, job.Kind, job.Directory, unit, running.Scan!.KnownContentHash(unit)));
    }

    /// <summary>Asks again for the units whose frames are not known to be stored.</summary>
    private void SendUnstored(RunningDatasetJob running)
    {
        foreach (var unit in running.Scan!.Layout.Units.Where(u => _unitsUnstored.Contains(u.Id)))
        {
            SendUnit(running, unit);
        }
    }

    private void HandleUnitDone(Stage1UnitDone done)
    {
        if (_state.Running is not { Job.Phase: DatasetJobPhase.Stage1 or DatasetJobPhase.Recording } running || running.Job.Job != done.Job)
        {
            return;
        }

        var unit = done.Outcome.Unit;
        if (running.Job.Phase == DatasetJobPhase.Stage1 && running.PendingUnits.Any(u => u.Id == unit))
        {
            Persist(new DatasetUnitRecorded(done.Job, done.Outcome with { Files = done.Outcome.Files.ToArray(), Sequences = done.Outcome.Sequences.ToArray() }), recorded =>
            {
                _state.Apply(recorded);
                _unitsInFlight.Remove(unit);
                if (!done.Stored && done.Outcome.Status == Stage1UnitStatus.Computed)
                {
                    _unitsUnstored.Add(unit);
                }

                Continue(resend: false);
            });
        }
        else if (done.Stored && _unitsUnstored.Remove(unit))
        {
            Continue(resend: false);
        }
    }

    private void HandleUnitFailed(Stage1UnitFailed failed)
    {
        if (_state.Running is not { Job.Phase: DatasetJobPhase.Stage1 or DatasetJobPhase.Recording } running || running.Job.Job != failed.Job
            || running.Scan!.Layout.Units.FirstOrDefault(u => u.Id == failed.Unit) is not { } unit)
        {
            return;
        }

        var pending = running.PendingUnits.Any(u => u.Id == unit.Id);
        if (!pending && !_unitsUnstored.Contains(unit.Id))
        {
            return;
        }

        var failures = _unitFailures[unit.Id] = _unitFailures.GetValueOrDefault(unit.Id) + 1;
        _log.Warning("dataset {0}: stage 1 of {1} failed ({2} of {3}): {4}", Name, unit.Id, failures, _environment.Timings.MaxAttempts, failed.Reason);
        if (failures < _environment.Timings.MaxAttempts)
        {
            return;
        }

        if (!pending)
        {
            // Its records are in, but its frames could not be stored: no shard could be written from them.
            Persist(new DatasetJobFailed(failed.Job, $"{unit.Id}: the stage-1 result could not be stored ({failures} attempts): {failed.Reason}"), Finished);
            return;
        }

        // Given up: the unit's sequences count as failed, with the error, and the job goes on without them.
        var reason = $"{unit.Id}: stage 1 failed {failures} times: {failed.Reason}";
        var outcome = new Stage1UnitOutcome(unit.Id, Stage1UnitStatus.Unreadable, null, [], 0,
            [Stage1Sequence.Rejected(0, unit.Subject, unit.Action, unit.Camera, unit.Id, reason)]);
        Self.Tell(new Stage1UnitDone(Name, failed.Job, outcome, Stored: true));
    }

    private void CompleteStage1(RunningDatasetJob running)
    {
        var read = running.Outcomes.SelectMany(o => o.Files);
        var fingerprint = running.Scan!.Complete(read);
        Persist(new DatasetStage1Completed(running.Job.Job, fingerprint.ContentHash, fingerprint.Files.ToArray()), completed =>
        {
            _state.Apply(completed);
            var counts = running.Job.Sequences;
            _log.Info("dataset {0}: job {1} stage 1 complete: {2} computed, {3} cached, {4} rejected, {5} failed", Name, completed.Job, counts.Computed, counts.Cached, counts.Rejected, counts.Failed);
            Continue(resend: false);
        });
    }

    // ---- hand-out, registry, report ---------------------------------------------------------------

    private void HandOutSequences(RunningDatasetJob running, bool resend)
    {
        var job = running.Job.Job;
        var pending = running.Accepted.Where(a => !_sequencesAcked.Contains(a.Key)).ToList();
        if (pending.Count == 0)
        {
            // The report waits until every unit's frames are stored: shard writers anywhere read them from the cache.
            if (_unitsUnstored.Count == 0)
            {
                RecordInRegistry(running);
            }

            return;
        }

        SendWindow.Send(pending, _sequencesSent, resend, _environment.Timings.MessagesInFlight, (id, sequence) => _sequences.Tell(new RecordStage1(id, job, sequence)));
    }

    private void HandleSequenceRecorded(Stage1Recorded recorded)
    {
        if (_state.Running is not { Job.Phase: DatasetJobPhase.Recording } running || running.Job.Job != recorded.Job || !_sequencesAcked.Add(recorded.EntityId))
        {
            return;
        }

        Continue(resend: false);
    }

    private void RecordInRegistry(RunningDatasetJob running)
    {
        var job = running.Job;
        if (_recordingRegistry == job.Job)
        {
            return;
        }

        _recordingRegistry = job.Job;
        var registry = _environment.Registry;
        var record = new DatasetRecord(Name, job.ContentHash!, job.Directory, DatasetKinds.NameOf(job.Kind), running.Scan!.CheapFingerprint);
        var files = running.Files!;
        RecordAsync().PipeTo(Self, success: () => new RegistryRecorded(job.Job), failure: e => new RegistryFailed(job.Job, Reason(e)));

        async Task RecordAsync()
        {
            await registry.UpsertDatasetAsync(record, CancellationToken.None).ConfigureAwait(false);
            await registry.ReplaceDatasetFilesAsync(record.Name, files, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private void HandleRegistryRecorded(RegistryRecorded recorded)
    {
        _recordingRegistry = null;
        if (_state.Running is not { Job.Phase: DatasetJobPhase.Recording } running || running.Job.Job != recorded.Job)
        {
            return;
        }

        Persist(new DatasetSequencesRecorded(recorded.Job), e =>
        {
            _state.Apply(e);
            _sequencesSent.Clear();
            _sequencesAcked.Clear();
            Continue(resend: false);
        });
    }

    private void HandleReportAcknowledged(DatasetReadyAcknowledged acknowledged)
    {
        if (_state.Running is not { Job.Phase: DatasetJobPhase.Reporting } running || running.Job.Job != acknowledged.Job)
        {
            return;
        }

        Persist(new DatasetJobReported(acknowledged.Job), reported =>
        {
            _log.Info("dataset {0}: job {1} reported to the corpus coordinator", Name, reported.Job);
            Finished(reported);
        });
    }

    private void HandleTracked()
    {
        if (!_state.Tracked)
        {
            Persist(DatasetTrackingConfirmed.Instance, _state.Apply);
        }
    }

    /// <summary>A job ended (reported or failed): its working sets go, the next job starts, a snapshot when none runs.</summary>
    private void Finished(object @event)
    {
        _state.Apply(@event);
        _unitsInFlight.Clear();
        _unitFailures.Clear();
        _unitsUnstored.Clear();
        _sequencesSent.Clear();
        _sequencesAcked.Clear();
        _reportSent = false;
        if (_state.Running is null)
        {
            SaveSnapshot(_state.ToSnapshot());
        }

        Continue(resend: false);
    }

    // ---- queries ----------------------------------------------------------------------------------

    private DatasetStatus Status()
    {
        var node = NodeAddress.Of(Context.System);
        var shown = _state.Running?.Job ?? _state.Jobs.LastOrDefault();
        if (shown is null)
        {
            return new DatasetStatus(Name, false, "", "", null, "new", node, null, "", SequenceCounts.None, 0, 0, [], null);
        }

        var status = _state.Running is not null ? "ingesting" : shown.Phase == DatasetJobPhase.Failed ? "failed" : "ready";
        return new DatasetStatus(Name, true, DatasetKinds.NameOf(shown.Kind), shown.Directory, _state.Current?.Inputs.Version.ContentHash, status, node,
            shown.Job, PhaseName(shown.Phase), shown.Sequences, shown.UnitsTotal, shown.UnitsDone, shown.Errors, shown.Error);
    }

    private DatasetJobStatus JobStatus(string job) =>
        _state.Job(job) is { } j
            ? new DatasetJobStatus(Name, job, PhaseName(j.Phase), j.ContentHash, j.Sequences, j.UnitsTotal, j.UnitsDone, j.Error)
            : new DatasetJobStatus(Name, job, "unknown", null, SequenceCounts.None, 0, 0, null);

    /// <summary>The phase's name in answers (lower case).</summary>
    public static string PhaseName(DatasetJobPhase phase) => phase.ToString().ToLowerInvariant();

    private static string Reason(Exception e) => e is AggregateException { InnerException: { } inner } ? Reason(inner) : e.Message.ReplaceLineEndings(" ");

    // ---- local messages ---------------------------------------------------------------------------

    private sealed record ScanFinished(string Job, DatasetScan Scan) : INoSerializationVerificationNeeded;

    private sealed record ScanFailed(string Job, string Reason) : INoSerializationVerificationNeeded;

    private sealed record RegistryRecorded(string Job) : INoSerializationVerificationNeeded;

    private sealed record RegistryFailed(string Job, string Reason) : INoSerializationVerificationNeeded;

    private sealed record Tick : INoSerializationVerificationNeeded
    {
        public static Tick Instance { get; } = new();
    }
}
