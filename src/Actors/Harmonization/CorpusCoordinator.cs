using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using PoseCluster.Actors.Ingestion;
using PoseCluster.Actors.Pipeline;
using PoseCluster.Actors.Shards;
using PoseCluster.Datasets.AugMotion;
using PoseCluster.Datasets.Pipeline;
using PoseCluster.Storage.Pipeline;

namespace PoseCluster.Actors.Harmonization;

/// <summary>
/// The corpus coordinator (cluster singleton, persistent; docs/AUGMOTION.md, "The cluster"). When a dataset
/// reports a complete ingestion it builds a new corpus version of every dataset's current ingestion: Ms/Msp
/// from the datasets' stored Eq. 1 partial sums, the version and its reuse decision
/// (<see cref="CorpusVersions.Plan"/> with posecluster.augmotion.reuse-tolerance-mm against the newest version
/// it completed), stage 2 of every accepted sequence by its <see cref="SequenceEntity"/>, the deterministic
/// layout, one <see cref="ShardWriterEntity"/> per shard, then corpus.json, version.json and the manifest last
/// (<see cref="CorpusPublisher"/>), the registry throughout (<see cref="CorpusRecording"/>). One version at a
/// time: jobs reported meanwhile wait for the next. Every request it sends is sent again until answered; each
/// stored shard is persisted, so a coordinator restarted on another node asks again for what it had (pure
/// answers) and writes only the shards not yet stored; a half-written shard is never in a manifest.
/// </summary>
public sealed class CorpusCoordinator : ReceivePersistentActor, IWithTimers
{
    /// <summary>Singleton name.</summary>
    public const string Name = "corpus-coordinator";

    private const string TickTimer = "tick";
    private const string RetryTimer = "retry";

    private readonly PipelineEnvironment _environment;
    private readonly IActorRef _datasets;
    private readonly IActorRef _sequences;
    private readonly IActorRef _shardWriters;
    private readonly CorpusCoordinatorState _state = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private CorpusBuild? _build;
    private int _attempts;
    private int _failures;

    /// <summary>Creates the coordinator.</summary>
    /// <param name="environment">The node's pipeline environment.</param>
    /// <param name="datasets">The Dataset entities' shard region.</param>
    /// <param name="sequences">The Sequence entities' shard region.</param>
    /// <param name="shardWriters">The ShardWriter entities' shard region.</param>
    public CorpusCoordinator(PipelineEnvironment environment, IActorRef datasets, IActorRef sequences, IActorRef shardWriters)
    {
        _environment = environment ?? throw new ArgumentNullException(nameof(environment));
        _datasets = datasets;
        _sequences = sequences;
        _shardWriters = shardWriters;

        Recover<SnapshotOffer>(offer => _state.Restore((CorpusCoordinatorSnapshot)offer.Snapshot));
        Recover<RecoveryCompleted>(_ =>
        {
            Timers.StartPeriodicTimer(TickTimer, Tick.Instance, _environment.Timings.RetryInterval);
            StartBuild();
        });
        Recover<object>(_state.Apply);

        Command<TrackDataset>(HandleTrack);
        Command<DatasetReady>(HandleReady);
        Command<ListTrackedDatasets>(_ => Sender.Tell(new TrackedDatasets([.. _state.Datasets])));
        Command<GetCorpusJob>(get => Sender.Tell(JobResult(get.Job)));
        Command<GetCorpusCoordinatorStatus>(_ => Sender.Tell(new CorpusCoordinatorStatus(_state.Latest, _build?.Plan?.Version ?? _state.Building, _state.Queue.Count, _state.Versions.ToArray(), _state.Written.Count)));
        Command<DatasetInputs>(HandleInputs);
        Command<DatasetNotReady>(HandleNotReady);
        Command<BuildPlanned>(HandlePlanned);
        Command<SequenceProjected>(HandleProjected);
        Command<SequenceNotProjected>(notProjected => FailBuild(_build?.Attempt ?? -1, $"sequence {notProjected.EntityId}: {notProjected.Reason}", permanent: true));
        Command<BuildRecorded>(HandleRecorded);
        Command<ShardWritten>(HandleShardWritten);
        Command<ShardNotWritten>(HandleShardNotWritten);
        Command<BuildPublished>(HandlePublished);
        Command<BuildStepFailed>(failed => FailBuild(failed.Attempt, failed.Reason, failed.Permanent));
        Command<Tick>(_ => Resend());
        Command<Retry>(_ => StartBuild());
        Command<SaveSnapshotSuccess>(_ => { });
        Command<SaveSnapshotFailure>(failure => _log.Warning(failure.Cause, "corpus coordinator: snapshot failed"));
    }

    /// <inheritdoc />
    public override string PersistenceId => Name;

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props of the coordinator.</summary>
    public static Props PropsFor(PipelineEnvironment environment, IActorRef datasets, IActorRef sequences, IActorRef shardWriters) =>
        Props.Create(() => new CorpusCoordinator(environment, datasets, sequences, shardWriters));

    // ---- datasets and jobs ------------------------------------------------------------------------

    private void HandleTrack(TrackDataset track)
    {
        var sender = Sender;
        if (_state.Datasets.Contains(track.Dataset))
        {
            sender.Tell(new DatasetTracked(track.Dataset));
            return;
        }

        Persist(new CoordinatorDatasetTracked(track.Dataset), tracked =>
        {
            _state.Apply(tracked);
            sender.Tell(new DatasetTracked(tracked.Dataset));
        });
    }

    private void HandleReady(DatasetReady ready)
    {
        var sender = Sender;
        if (_state.Knows(ready.Job))
        {
            sender.Tell(new DatasetReadyAcknowledged(ready.Dataset, ready.Job));
            return;
        }

        Persist(new CorpusJobQueued(ready.Job, ready.Dataset, ready.ContentHash), queued =>
        {
            _state.Apply(queued);
            sender.Tell(new DatasetReadyAcknowledged(queued.Dataset, queued.Job));
            _log.Info("corpus coordinator: job {0} of {1} queued ({2} waiting)", queued.Job, queued.Dataset, _state.Queue.Count);
            StartBuild();
        });
    }

    private CorpusJobResult JobResult(string job)
    {
        if (_state.Result(job) is { } result)
        {
            return result;
        }

        if (_state.Queue.FirstOrDefault(q => q.Job == job) is { } queued)
        {
            var building = _build?.Jobs.Any(j => j.Job == job) == true;
            return new CorpusJobResult(job, queued.Dataset, building ? "building" : "queued", building ? _build!.Plan?.Version : null, null, 0, 0, 0, null);
        }

        return new CorpusJobResult(job, "", "unknown", null, null, 0, 0, 0, null);
    }

    // ---- the build --------------------------------------------------------------------------------

    /// <summary>Starts a build when none runs and a job waits (or a version was being written when the coordinator stopped).</summary>
    private void StartBuild()
    {
        if (_build is not null || (_state.Queue.Count == 0 && _state.Building is null))
        {
            return;
        }

        _build = new CorpusBuild(++_attempts, [.. _state.Queue], _state.Ready);
        _log.Info("corpus coordinator: build {0} for {1} job(s) over {2} dataset(s)", _build.Attempt, _build.Jobs.Count, _state.Ready.Count);
        foreach (var dataset in _build.MissingInputs)
        {
            _datasets.Tell(new GetDatasetInputs(dataset));
        }

        if (!_build.MissingInputs.Any())
        {
            Plan(_build);
        }
    }

    private void HandleInputs(DatasetInputs inputs)
    {
        if (_build is { Phase: CorpusBuildPhase.Gathering } build && build.Take(inputs))
        {
            Plan(build);
        }
    }

    private void HandleNotReady(DatasetNotReady notReady)
    {
        if (_build is { Phase: CorpusBuildPhase.Gathering } build && build.LeaveOut(notReady.Dataset))
        {
            Plan(build);
        }
    }

    private void Plan(CorpusBuild build)
    {
        build.Phase = CorpusBuildPhase.Planning;
        var environment = _environment;
        var inputs = build.Inputs;
        var latest = _state.Latest;
        PlanAsync().PipeTo(Self,
            success: planned => planned,
            failure: e => new BuildStepFailed(build.Attempt, Reason(e), Permanent: e is HarmonizationException or InvalidOperationException));

        async Task<BuildPlanned> PlanAsync()
        {
            if (inputs.Count == 0)
            {
                throw new InvalidOperationException("no dataset has a complete ingestion");
            }

            var parent = latest is null ? null : await CorpusVersionDocument.ReadCompleteAsync(environment.Store, latest, CancellationToken.None).ConfigureAwait(false);
            var plan = CorpusVersions.Plan([.. inputs.Select(i => i.Version)], environment.Config.Hash, parent?.ToParent(), environment.Settings.ReuseToleranceMm);
            var existing = plan.SameAsParent ? parent : await CorpusVersionDocument.ReadCompleteAsync(environment.Store, plan.Version, CancellationToken.None).ConfigureAwait(false);
            return new BuildPlanned(build.Attempt, plan, parent, existing);
        }
    }

    private void HandlePlanned(BuildPlanned planned)
    {
        if (_build is not { Phase: CorpusBuildPhase.Planning } build || build.Attempt != planned.Attempt)
        {
            return;
        }

        var plan = planned.Plan;
        build.Planned(plan, planned.Parent, planned.Existing);
        _log.Info("corpus coordinator: version {0} (parent {1}, triangle moved {2:F3} mm, {3})", plan.Version, plan.Parent ?? "none", plan.MovedMm,
            plan.SameAsParent ? "nothing changed" : planned.Existing is not null ? "already complete" : plan.ReusedVersion is null ? "every sequence projected" : $"keeps {string.Join(", ", plan.ReusedDatasets)}");
        if (plan.SameAsParent)
        {
            Complete(build, planned.Existing!, written: false);
            return;
        }

        if (planned.Existing is null && _state.Building != plan.Version)
        {
            Persist(new CorpusBuildStarted(plan.Version, build.Jobs.Select(j => j.Job).ToArray()), started =>
            {
                _state.Apply(started);
                Project(build);
            });
            return;
        }

        Project(build);
    }

    private void Project(CorpusBuild build)
    {
        build.Phase = CorpusBuildPhase.Projecting;
        if (build.PendingProjections.Count == 0)
        {
            Record(build);
            return;
        }

        SendProjections(build, resend: false);
    }

    private void SendProjections(CorpusBuild build, bool resend) =>
        SendWindow.Send(build.PendingProjections, build.ProjectionsSent, resend, _environment.Timings.MessagesInFlight,
            (_, sequence) => _sequences.Tell(build.Request(sequence, _environment.Config.Hash)));

    private void HandleProjected(SequenceProjected projected)
    {
        if (_build is not { Phase: CorpusBuildPhase.Projecting } build || build.Plan?.Version != projected.Version)
        {
            return;
        }

        if (build.Take(projected))
        {
            Record(build);
        }
        else
        {
            SendProjections(build, resend: false);
        }
    }

    /// <summary>The shard writers start while the registry records the version (building) and its sequences, as harmonize overlaps them.</summary>
    private void Record(CorpusBuild build)
    {
        build.Phase = CorpusBuildPhase.Writing;
        var prepared = build.Prepare(_environment.Settings.Stage2);
        var registry = _environment.Registry;
        var settings = _environment.Settings;
        RecordAsync().PipeTo(Self, success: () => new BuildRecorded(build.Attempt), failure: e => new BuildStepFailed(build.Attempt, Reason(e), Permanent: false));
        foreach (var key in build.PendingShards.Keys.Where(_state.Written.ContainsKey).ToList())
        {
            build.PendingShards.Remove(key);
        }

        _log.Info("corpus coordinator: version {0}: {1} shards to write, {2} already stored", build.Plan!.Version, build.PendingShards.Count, _state.Written.Count);
        WriteShards(build, resend: false);

        async Task RecordAsync()
        {
            await CorpusRecording.BeginAsync(registry, prepared, settings, CancellationToken.None).ConfigureAwait(false);
            await CorpusRecording.SequencesAsync(registry, prepared, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private void HandleRecorded(BuildRecorded recorded)
    {
        if (_build is not { Phase: CorpusBuildPhase.Writing } build || build.Attempt != recorded.Attempt)
        {
            return;
        }

        build.Recorded = true;
        WriteShards(build, resend: false);
    }

    private void WriteShards(CorpusBuild build, bool resend)
    {
        if (build.PendingShards.Count == 0)
        {
            if (build.Recorded)
            {
                Publish(build);
            }

            return;
        }

        var plan = build.Plan!;
        SendWindow.Send(build.PendingShards, build.ShardsSent, resend, _environment.Timings.UnitsInFlight,
            (_, shard) => _shardWriters.Tell(new WriteShard(ShardWriterEntity.IdOf(shard), shard, plan.Ms, plan.Msp, plan.ConfigHash)));
    }

    private void HandleShardWritten(ShardWritten written)
    {
        if (_build is not { Phase: CorpusBuildPhase.Writing } build || written.Shard.Version != build.Plan!.Version || !build.PendingShards.ContainsKey(written.Shard.Key))
        {
            return;
        }

        Persist(new CorpusShardRecorded(written.Shard.Version, written.Shard), recorded =>
        {
            _state.Apply(recorded);
            build.PendingShards.Remove(recorded.Shard.Key);
            build.ShardsSent.Remove(recorded.Shard.Key);
            WriteShards(build, resend: false);
        });
    }

    private void HandleShardNotWritten(ShardNotWritten notWritten)
    {
        if (_build is not { Phase: CorpusBuildPhase.Writing } build)
        {
            return;
        }

        var key = build.PendingShards.Values.FirstOrDefault(s => ShardWriterEntity.IdOf(s) == notWritten.EntityId)?.Key;
        if (key is null)
        {
            return;
        }

        build.ShardsSent.Remove(key);
        var failures = build.ShardFailures[key] = build.ShardFailures.GetValueOrDefault(key) + 1;
        _log.Warning("corpus coordinator: shard {0} not written ({1} of {2}): {3}", key, failures, _environment.Timings.MaxAttempts, notWritten.Reason);
        if (failures >= _environment.Timings.MaxAttempts)
        {
            FailBuild(build.Attempt, $"shard {key}: {notWritten.Reason}", permanent: true);
        }
    }

    private void Publish(CorpusBuild build)
    {
        build.Phase = CorpusBuildPhase.Publishing;
        var environment = _environment;
        var prepared = build.Prepared!;
        var existing = build.Existing;
        var document = existing ?? build.Document(_state.Written.Values, DateTimeOffset.UtcNow);
        PublishAsync().PipeTo(Self, success: () => new BuildPublished(build.Attempt, document, existing is null), failure: e => new BuildStepFailed(build.Attempt, Reason(e), Permanent: false));

        async Task PublishAsync()
        {
            var corpus = CorpusPublisher.CorpusJson(document.Plan, prepared.Sequences, CorpusPublisher.ShardFolders(document.Shards));
            if (existing is null)
            {
                await CorpusPublisher.PublishAsync(environment.Store, document, corpus, environment.Settings.Stage2, CancellationToken.None).ConfigureAwait(false);
            }

            var report = new HarmonizeReport(document, corpus, [], prepared.Sequences, existing is not null, prepared.Counts);
            await CorpusRecording.CompleteAsync(environment.Registry, prepared, report, environment.Settings, Storage.Shards.CorpusManifest.KeyFor(document.Plan.Version), CancellationToken.None).ConfigureAwait(false);
        }
    }

    private void HandlePublished(BuildPublished published)
    {
        if (_build is not { Phase: CorpusBuildPhase.Publishing } build || build.Attempt != published.Attempt)
        {
            return;
        }

        Complete(build, published.Document, published.Written);
    }

    private void Complete(CorpusBuild build, CorpusVersionDocument document, bool written)
    {
        Persist(new CorpusBuildCompleted(document.Plan.Version, build.Results(document, written)), completed =>
        {
            _state.Apply(completed);
            _log.Info("corpus coordinator: version {0} complete ({1} job(s); {2} clips new, {3} kept)", completed.Version, completed.Results.Count,
                written ? document.NewClips : 0, written ? document.ReusedClips : document.Shards.Sum(s => s.Clips));
            EndBuild();
        });
    }

    private void FailBuild(int attempt, string reason, bool permanent)
    {
        if (_build is not { } build || build.Attempt != attempt)
        {
            return;
        }

        _failures++;
        if (!permanent && _failures < _environment.Timings.MaxAttempts)
        {
            _log.Warning("corpus coordinator: build {0} failed (attempt {1} of {2}; tried again): {3}", build.Attempt, _failures, _environment.Timings.MaxAttempts, reason);
            _build = null;
            Timers.StartSingleTimer(RetryTimer, Retry.Instance, _environment.Timings.RetryInterval);
            return;
        }

        _log.Error("corpus coordinator: build {0} failed: {1}", build.Attempt, reason);
        if (build.Prepared is { Existing: null } prepared)
        {
            CorpusRecording.FailAsync(_environment.Registry, prepared, _environment.Settings, CancellationToken.None)
                .ContinueWith(t => _log.Warning("corpus coordinator: marking the version failed in the registry: {0}", t.Exception?.GetBaseException().Message), TaskContinuationOptions.OnlyOnFaulted);
        }

        Persist(new CorpusBuildFailed(build.Jobs.Select(j => j.Job).ToArray(), reason), failed =>
        {
            _state.Apply(failed);
            EndBuild();
        });
    }

    private void EndBuild()
    {
        _build = null;
        _failures = 0;
        if (_state.Building is null && _state.Queue.Count == 0)
        {
            SaveSnapshot(_state.ToSnapshot());
        }

        StartBuild();
    }

    private void Resend()
    {
        switch (_build)
        {
            case { Phase: CorpusBuildPhase.Gathering } gathering:
                foreach (var dataset in gathering.MissingInputs)
                {
                    _datasets.Tell(new GetDatasetInputs(dataset));
                }

                break;
            case { Phase: CorpusBuildPhase.Projecting } projecting:
                SendProjections(projecting, resend: true);
                break;
            case { Phase: CorpusBuildPhase.Writing } writing:
                WriteShards(writing, resend: true);
                break;
            default:
                break;
        }
    }

    private static string Reason(Exception e) => e is AggregateException { InnerException: { } inner } ? Reason(inner) : e.Message.ReplaceLineEndings(" ");

    // ---- local messages ---------------------------------------------------------------------------

    private sealed record BuildPlanned(int Attempt, CorpusVersionPlan Plan, CorpusVersionDocument? Parent, CorpusVersionDocument? Existing) : INoSerializationVerificationNeeded;

    private sealed record BuildRecorded(int Attempt) : INoSerializationVerificationNeeded;

    private sealed record BuildPublished(int Attempt, CorpusVersionDocument Document, bool Written) : INoSerializationVerificationNeeded;

    private sealed record BuildStepFailed(int Attempt, string Reason, bool Permanent) : INoSerializationVerificationNeeded;

    private sealed record Tick : INoSerializationVerificationNeeded
    {
        public static Tick Instance { get; } = new();
    }

    private sealed record Retry : INoSerializationVerificationNeeded
    {
        public static Retry Instance { get; } = new();
    }
}
