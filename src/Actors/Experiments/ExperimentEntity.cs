using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using PoseCluster.Actors.Training;
using PoseCluster.Storage.Registry;
using PoseCluster.Storage.Shards;

namespace PoseCluster.Actors.Experiments;

/// <summary>
/// One experiment (sharded, remembered, event-sourced; ARCHITECTURE §1, §7): Submitted → WaitingForCorpus →
/// Training (attempt n) → Evaluating → Succeeded | Failed | Cancelled, every transition an event, each state a
/// behaviour. It pins a complete corpus version, claims trainer slots from the <see cref="TrainerPool"/> for each
/// attempt, serves the attempt's rendezvous store, starts one <see cref="TrainerRank"/> per slot through the
/// nodes' <see cref="TrainerHost"/>s and watches them: the first rank that fails, is lost with its node, or
/// does not start in time ends the attempt on every rank; the next attempt resumes from the newest recorded
/// checkpoint with the slots available (min..max ranks), up to max-restarts. The registry is a projection of
/// its state (experiment and attempt rows), rewritten after every event; metrics and checkpoints are rank 0's.
/// </summary>
public sealed class ExperimentEntity : ReceivePersistentActor, IWithTimers
{
    /// <summary>Entity type name of the experiments' shard region.</summary>
    public const string TypeName = "experiment";

    private const string ClaimTimer = "claim";
    private const string CorpusTimer = "corpus";
    private const string StartTimer = "start";
    private const string DrainTimer = "drain";
    private const string SyncTimer = "sync";
    private const string ReleaseTimer = "release";

    private readonly TrainingEnvironment environment;
    private readonly Func<IActorRef> pool;
    private readonly ILoggingAdapter log = Context.GetLogger();
    private readonly List<AttemptDetails> attempts = [];
    private readonly HashSet<string> unreleased = new(StringComparer.Ordinal);
    private readonly List<IActorRef> acknowledgeAfterSync = [];

    // Persistent state: changed only in Apply.
    private ExperimentSpec? spec;
    private DateTimeOffset submitted;
    private string status = ExperimentStatus.Submitted;
    private string? corpusVersion;
    private string? error;

    // The running attempt (not persisted: a restarted entity ends an open attempt and starts a new one).
    private RunningAttempt? running;
    private string? waiting;
    private bool syncing;
    private bool syncAgain;

    /// <summary>Creates experiment <paramref name="entityId"/>; <paramref name="pool"/> gives the trainer pool's proxy.</summary>
    public ExperimentEntity(string entityId, TrainingEnvironment environment, Func<IActorRef> pool)
    {
        EntityId = entityId;
        PersistenceId = $"{TypeName}:{entityId}";
        this.environment = environment;
        this.pool = pool;
        Recover<ExperimentSubmitted>(Apply);
        Recover<CorpusAwaited>(Apply);
        Recover<CorpusPinned>(Apply);
        Recover<AttemptStarted>(Apply);
        Recover<EvaluationStarted>(Apply);
        Recover<AttemptEnded>(Apply);
        Recover<ExperimentSucceeded>(Apply);
        Recover<ExperimentFailed>(Apply);
        Recover<ExperimentCancelled>(Apply);
        Recover<RecoveryCompleted>(_ => RecoveryDone());
        NotSubmitted();
    }

    /// <summary>The experiment's id.</summary>
    public string EntityId { get; }

    /// <inheritdoc />
    public override string PersistenceId { get; }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props of experiment <paramref name="entityId"/>.</summary>
    public static Props PropsFor(string entityId, TrainingEnvironment environment, Func<IActorRef> pool) =>
        Props.Create(() => new ExperimentEntity(entityId, environment, pool));

    // ---- behaviours ---------------------------------------------------------------------------------

    private void NotSubmitted()
    {
        Command<SubmitExperiment>(HandleSubmit);
        Command<GetExperiment>(_ => Sender.Tell(new ExperimentUnknown(EntityId)));
        Command<CancelExperiment>(_ => Sender.Tell(new ExperimentUnknown(EntityId)));
        CommonCommands();
    }

    private void Resolving()
    {
        Command<ResolveCorpus>(_ => ResolveCorpusAsync().PipeTo(Self));
        Command<CorpusResolution>(HandleCorpusResolution);
        Command<CancelExperiment>(_ => CancelWithoutAttempt());
        LifecycleCommands();
    }

    private void Recovering()
    {
        Command<ResumeNow>(_ => Resume());
        CommandAny(_ => Stash.Stash());
    }

    private void Preparing()
    {
        Command<ResumePoint>(HandleResumePoint);
        Command<RetryPreparing>(_ => StartAttempt());
        Command<CancelExperiment>(_ => CancelWithoutAttempt());
        LifecycleCommands();
    }

    private void Claiming()
    {
        Command<Claim>(_ => ClaimSlots());
        Command<SlotsGranted>(g => g.Claim == running!.Claim, HandleGranted);
        Command<SlotsUnavailable>(u => u.Claim == running!.Claim, HandleUnavailable);
        Command<CancelExperiment>(_ =>
        {
            Release(running!.Claim);
            CancelWithoutAttempt();
        });
        LifecycleCommands();
    }

    private void Training()
    {
        RankReports();
        Command<RankEvaluating>(e => IsCurrent(e.ExperimentId, e.Attempt), HandleEvaluating);
        Command<StartTimedOut>(t => running is { } r && t.Attempt == r.Number && !r.AllStarted, _ =>
            BeginDrain($"ranks did not start within {environment.Timings.StartTimeout.TotalSeconds:0} s (started: {string.Join(", ", running!.Started())})"));
        Command<CancelExperiment>(_ =>
        {
            var sender = Sender;
            Persist(new ExperimentCancelled(DateTimeOffset.UtcNow), cancelled =>
            {
                Apply(cancelled);
                sender.Tell(new CancelAccepted(EntityId, status));
                SyncRegistry();
                BeginDrain("cancelled");
            });
        });
        LifecycleCommands();
    }

    private void Draining()
    {
        RankReports();
        Command<RankEvaluating>(_ => { });
        Command<DrainTimedOut>(t => running is { } r && t.Attempt == r.Number, _ => EndAttempt());
        Command<CancelExperiment>(_ =>
        {
            if (status == ExperimentStatus.Cancelled)
            {
                Sender.Tell(new CancelAccepted(EntityId, status));
                return;
            }

            var sender = Sender;
            Persist(new ExperimentCancelled(DateTimeOffset.UtcNow), cancelled =>
            {
                Apply(cancelled);
                sender.Tell(new CancelAccepted(EntityId, status));
                SyncRegistry();
            });
        });
        LifecycleCommands();
    }

    private void Finished()
    {
        Command<CancelExperiment>(_ => Sender.Tell(status == ExperimentStatus.Cancelled ? new CancelAccepted(EntityId, status) : new CancelRefused(EntityId, status)));
        LifecycleCommands();
        SetReceiveTimeout(environment.Timings.FinishedIdle);
    }

    /// <summary>What every submitted state answers.</summary>
    private void LifecycleCommands()
    {
        Command<SubmitExperiment>(_ => Sender.Tell(new ExperimentAccepted(EntityId, status)));
        Command<GetExperiment>(_ => Sender.Tell(Details()));
        Command<RankStarted>(s => !IsCurrent(s.ExperimentId, s.Attempt), s => Sender.Tell(new StopRank(s.ExperimentId, s.Attempt, "its attempt has ended")));
        CommonCommands();
    }

    private void CommonCommands()
    {
        Command<SyncDone>(HandleSyncDone);
        Command<SyncNow>(_ => SyncRegistry());
        Command<SlotsReleased>(r => unreleased.Remove(r.Claim));
        Command<ReleaseAgain>(_ =>
        {
            foreach (var claim in unreleased)
            {
                pool().Tell(new ReleaseSlots(claim));
            }

            if (unreleased.Count == 0)
            {
                Timers.Cancel(ReleaseTimer);
            }
        });
        Command<ReceiveTimeout>(_ => Context.Parent.Tell(new Passivate(PoisonPill.Instance)));
        // Late answers and reports of attempts that are over (a repeated grant of the running claim changes nothing).
        Command<SlotsGranted>(g =>
        {
            if (running?.Claim != g.Claim)
            {
                Release(g.Claim);
            }
        });
        Command<SlotsUnavailable>(_ => { });
        Command<RankCompleted>(_ => { });
        Command<RankFailed>(_ => { });
        Command<RankEvaluating>(_ => { });
        Command<Terminated>(_ => { });
        Command<Claim>(_ => { });
        Command<ResumePoint>(_ => { });
        Command<RetryPreparing>(_ => { });
        Command<CorpusResolution>(_ => { });
        Command<ResolveCorpus>(_ => { });
        Command<StartTimedOut>(_ => { });
        Command<DrainTimedOut>(_ => { });
    }

    /// <summary>Reports of the running attempt's ranks and their deaths (Training and Draining).</summary>
    private void RankReports()
    {
        Command<RankStarted>(s => IsCurrent(s.ExperimentId, s.Attempt), HandleRankStarted);
        Command<RankCompleted>(c => IsCurrent(c.ExperimentId, c.Attempt), c => RankEnded(c.Rank, null, RankFailureKind.Transient, completed: true));
        Command<RankFailed>(f => IsCurrent(f.ExperimentId, f.Attempt), f => RankEnded(f.Rank, f.Reason, f.Kind, completed: false));
        Command<Terminated>(t => running?.RankOf(t.ActorRef) is not null, HandleRankTerminated);
    }

    // ---- submission and corpus --------------------------------------------------------------------

    private void HandleSubmit(SubmitExperiment submit)
    {
        var sender = Sender;
        Persist(new ExperimentSubmitted(submit.Spec, submit.Submitted), submitted =>
        {
            Apply(submitted);
            log.Info("experiment {0} ({1}) submitted: {2} steps on corpus {3}, {4}-{5} ranks", EntityId, submitted.Spec.Name, submitted.Spec.Steps, submitted.Spec.Corpus, submitted.Spec.MinRanks, submitted.Spec.MaxRanks);
            // Acknowledged once the registry row is written (or the write failed: it is retried), so a client
            // that reads right after the acknowledgement finds the experiment.
            acknowledgeAfterSync.Add(sender);
            SyncRegistry();
            Become(Resolving);
            Self.Tell(ResolveCorpus.Instance);
        });
    }

    private async Task<CorpusResolution> ResolveCorpusAsync()
    {
        var wanted = spec!.Corpus;
        try
        {
            var version = wanted == ExperimentSpec.LatestCorpus ? await environment.Registry.LatestCompleteCorpusVersionAsync(CancellationToken.None).ConfigureAwait(false) : wanted;
            if (version is null)
            {
                return new CorpusResolution(null, "no complete corpus version yet (ingest datasets first)", Permanent: false);
            }

            var record = await environment.Registry.CorpusVersionAsync(version, CancellationToken.None).ConfigureAwait(false);
            if (record is null || record.Status != "complete")
            {
                return new CorpusResolution(null, $"corpus version {version} is {(record is null ? "not in the registry" : record.Status)}; waiting until it is complete", Permanent: false);
            }

            var manifest = await CorpusManifest.ReadAsync(environment.Objects, version, CancellationToken.None).ConfigureAwait(false);
            var frames = environment.SettingsFor(spec).Model.Frames;
            if (manifest.Window != frames)
            {
                return new CorpusResolution(null, $"corpus version {version} has clips of {manifest.Window} frames but the model takes {frames} (model.frames, set by model.preset)", Permanent: true);
            }

            if (!manifest.Shards.Any(s => s.Split == "train" && s.Clips > 0))
            {
                return new CorpusResolution(null, $"corpus version {version} has no train clips", Permanent: true);
            }

            return new CorpusResolution(version, null, Permanent: false);
        }
#pragma warning disable CA1031 // Any failure to read the corpus is reported and retried (or ends the experiment when permanent).
        catch (Exception e)
#pragma warning restore CA1031
        {
            var permanent = TrainerRank.Classify(e, stopRequested: false) == RankFailureKind.Permanent;
            return new CorpusResolution(null, $"corpus {wanted}: {e.Message}", permanent);
        }
    }

    private void HandleCorpusResolution(CorpusResolution resolution)
    {
        if (resolution.Version is { } version)
        {
            waiting = null;
            Persist(new CorpusPinned(version), pinned =>
            {
                Apply(pinned);
                SyncRegistry();
                StartAttempt();
            });
            return;
        }

        if (resolution.Permanent)
        {
            Fail(resolution.Problem!);
            return;
        }

        waiting = resolution.Problem;
        Timers.StartSingleTimer(CorpusTimer, ResolveCorpus.Instance, environment.Timings.CorpusRetry);
        if (status != ExperimentStatus.WaitingForCorpus)
        {
            Persist(new CorpusAwaited(resolution.Problem!), awaited =>
            {
                Apply(awaited);
                SyncRegistry();
            });
        }
    }

    // ---- attempts ---------------------------------------------------------------------------------

    private void StartAttempt()
    {
        var number = attempts.Count + 1;
        if (number > spec!.MaxRestarts + 1)
        {
            var last = attempts[^1];
            Fail($"attempt {last.Number} ended ({last.EndReason}); max-restarts ({spec.MaxRestarts}) reached");
            return;
        }

        running = new RunningAttempt(number, $"{EntityId}/{number}");
        Become(Preparing);
        // The newest checkpoint the registry recorded (with its sha256) is where the attempt resumes.
        environment.Registry.CheckpointsAsync(EntityId, CancellationToken.None)
            .ContinueWith(t => t.IsCompletedSuccessfully ? new ResumePoint(t.Result.Count == 0 ? null : t.Result.MaxBy(c => c.Step), null) : new ResumePoint(null, t.Exception?.GetBaseException().Message), TaskScheduler.Default)
            .PipeTo(Self);
    }

    private void HandleResumePoint(ResumePoint point)
    {
        if (point.Problem is not null)
        {
            waiting = "reading the registry's checkpoints: " + point.Problem;
            Timers.StartSingleTimer(ClaimTimer, RetryPreparing.Instance, environment.Timings.RegistryRetry);
            return;
        }

        running!.ResumeFrom = point.Checkpoint;
        Become(Claiming);
        ClaimSlots();
    }

    private void ClaimSlots()
    {
        pool().Tell(new ClaimSlots(running!.Claim, spec!.MinRanks, spec.MaxRanks));
        // No answer (the pool is moving) or too few slots: ask again.
        Timers.StartSingleTimer(ClaimTimer, Claim.Instance, environment.Timings.ClaimRetry);
    }

    private void HandleUnavailable(SlotsUnavailable unavailable)
    {
        waiting = $"waiting for trainer slots: {unavailable.Free} of {unavailable.Total} free, {spec!.MinRanks}-{spec.MaxRanks} needed";
    }

    private void HandleGranted(SlotsGranted granted)
    {
        Timers.Cancel(ClaimTimer);
        waiting = null;
        var attempt = running!;
        var hosts = granted.Nodes.SelectMany(n => Enumerable.Repeat((n.Address, n.Host), n.Count)).ToList();
        var resume = attempt.ResumeFrom;
        // An array, not a collection expression: every journal layer can read it back.
        Persist(new AttemptStarted(attempt.Number, hosts.Select(h => h.Address).ToArray(), resume?.Step ?? 0, resume?.Key, DateTimeOffset.UtcNow), started =>
        {
            Apply(started);
            attempt.Begin(hosts.Count);
            attempt.Rendezvous = Context.ActorOf(RendezvousStoreActor.Props(), $"rendezvous-{attempt.Number}");
            for (var rank = 0; rank < hosts.Count; rank++)
            {
                attempt.Hosts.Add(hosts[rank].Host);
                hosts[rank].Host.Tell(new StartRank(EntityId, attempt.Number, rank, hosts.Count, spec!, corpusVersion!, resume, attempt.Rendezvous, Self));
            }

            log.Info("experiment {0}: attempt {1} starts {2} rank(s) on {3} from step {4}", EntityId, attempt.Number, hosts.Count, string.Join(", ", hosts.Select(h => h.Address).Distinct()), started.StartStep);
            Timers.StartSingleTimer(StartTimer, new StartTimedOut(attempt.Number), environment.Timings.StartTimeout);
            SyncRegistry();
            Become(Training);
        });
    }

    private void HandleRankStarted(RankStarted started)
    {
        var attempt = running!;
        attempt.Ranks[started.Rank].Actor = Sender;
        Context.Watch(Sender);
        if (attempt.AllStarted)
        {
            Timers.Cancel(StartTimer);
        }
    }

    private void HandleEvaluating(RankEvaluating evaluating)
    {
        if (status == ExperimentStatus.Evaluating)
        {
            return;
        }

        Persist(new EvaluationStarted(evaluating.Attempt, evaluating.Step), started =>
        {
            Apply(started);
            SyncRegistry();
        });
    }

    private void HandleRankTerminated(Terminated terminated)
    {
        var rank = running!.RankOf(terminated.ActorRef)!.Value;
        if (running.Ranks[rank].Ended)
        {
            return;
        }

        var reason = terminated.AddressTerminated
            ? $"node lost: {terminated.ActorRef.Path.Address} unreachable (rank {rank})"
            : $"rank {rank} stopped without reporting";
        RankEnded(rank, reason, RankFailureKind.Transient, completed: false, lost: terminated.AddressTerminated);
    }

    private void RankEnded(int rank, string? reason, RankFailureKind kind, bool completed, bool lost = false)
    {
        var attempt = running!;
        var state = attempt.Ranks[rank];
        if (state.Ended)
        {
            return;
        }

        state.Ended = true;
        state.Completed = completed;
        if (!completed)
        {
            attempt.Note(reason!, kind, lost);
        }

        if (attempt.AllEnded)
        {
            EndAttempt();
        }
        else if (!completed && !attempt.Draining)
        {
            BeginDrain(reason!);
        }
    }

    /// <summary>Ends the attempt on every rank: each is told to stop, and the attempt ends once all have ended (or the drain timeout passed).</summary>
    private void BeginDrain(string reason)
    {
        var attempt = running!;
        attempt.Note(reason, reason == "cancelled" ? RankFailureKind.Stopped : RankFailureKind.Transient, lost: false);
        attempt.Draining = true;
        Timers.Cancel(StartTimer);
        var stop = new StopRank(EntityId, attempt.Number, reason);
        foreach (var host in attempt.Hosts.Distinct())
        {
            host.Tell(stop);
        }

        foreach (var r in attempt.Ranks.Where(r => r.Actor is not null && !r.Ended))
        {
            r.Actor!.Tell(stop);
        }

        if (attempt.AllEnded)
        {
            EndAttempt();
            return;
        }

        Timers.StartSingleTimer(DrainTimer, new DrainTimedOut(attempt.Number), environment.Timings.DrainTimeout);
        Become(Draining);
    }

    private void EndAttempt()
    {
        var attempt = running!;
        Timers.Cancel(DrainTimer);
        Timers.Cancel(StartTimer);
        var succeeded = attempt.Ranks.Length > 0 && attempt.Ranks[0].Completed;
        var reason = succeeded ? "completed" : status == ExperimentStatus.Cancelled ? "cancelled" : attempt.Reason(environment.Timings.DrainTimeout);
        Persist(new AttemptEnded(attempt.Number, reason, DateTimeOffset.UtcNow), ended =>
        {
            Apply(ended);
            if (attempt.Rendezvous is { } store)
            {
                Context.Stop(store);
            }

            foreach (var r in attempt.Ranks.Where(r => r.Actor is not null))
            {
                Context.Unwatch(r.Actor!);
            }

            Release(attempt.Claim);
            running = null;
            log.Info("experiment {0}: attempt {1} ended: {2}", EntityId, ended.Number, ended.Reason);
            if (succeeded && status != ExperimentStatus.Cancelled)
            {
                Persist(new ExperimentSucceeded(DateTimeOffset.UtcNow), done =>
                {
                    Apply(done);
                    SyncRegistry();
                    Become(Finished);
                });
            }
            else if (status == ExperimentStatus.Cancelled)
            {
                SyncRegistry();
                Become(Finished);
            }
            else if (attempt.Permanent)
            {
                Fail($"attempt {ended.Number}: {reason}");
            }
            else
            {
                SyncRegistry();
                StartAttempt();
            }
        });
    }

    private void CancelWithoutAttempt()
    {
        var sender = Sender;
        Timers.Cancel(ClaimTimer);
        Timers.Cancel(CorpusTimer);
        running = null;
        waiting = null;
        Persist(new ExperimentCancelled(DateTimeOffset.UtcNow), cancelled =>
        {
            Apply(cancelled);
            sender.Tell(new CancelAccepted(EntityId, status));
            SyncRegistry();
            Become(Finished);
        });
    }

    private void Fail(string reason)
    {
        waiting = null;
        log.Warning("experiment {0} failed: {1}", EntityId, reason);
        Persist(new ExperimentFailed(reason, DateTimeOffset.UtcNow), failed =>
        {
            Apply(failed);
            SyncRegistry();
            Become(Finished);
        });
    }

    private void Release(string claim)
    {
        unreleased.Add(claim);
        pool().Tell(new ReleaseSlots(claim));
        Timers.StartPeriodicTimer(ReleaseTimer, ReleaseAgain.Instance, environment.Timings.ClaimRetry);
    }

    private void RecoveryDone()
    {
        if (spec is null)
        {
            // Started by a message for an id nobody submitted: stop soon.
            SetReceiveTimeout(environment.Timings.FinishedIdle);
            return;
        }

        // Commands wait (stashed) until the state is carried on; persisting happens in a command handler.
        Become(Recovering);
        Self.Tell(ResumeNow.Instance);
    }

    /// <summary>After recovery: carry on from the persisted state (an attempt that was open ended with this incarnation's predecessor).</summary>
    private void Resume()
    {

        // Claims of ended attempts are released again (idempotent): an acknowledgement may have been lost.
        foreach (var ended in attempts.Where(a => a.Ended is not null))
        {
            Release($"{EntityId}/{ended.Number}");
        }

        SyncRegistry();
        if (attempts.Count > 0 && attempts[^1].Ended is null)
        {
            var open = attempts[^1];
            Release($"{EntityId}/{open.Number}");
            Persist(new AttemptEnded(open.Number, "interrupted: the experiment's coordinator restarted on another node", DateTimeOffset.UtcNow), ended =>
            {
                Apply(ended);
                SyncRegistry();
                ContinueAfterRecovery();
            });
            return;
        }

        ContinueAfterRecovery();
    }

    private void ContinueAfterRecovery()
    {
        switch (status)
        {
            case ExperimentStatus.Submitted or ExperimentStatus.WaitingForCorpus:
                Become(Resolving);
                Self.Tell(ResolveCorpus.Instance);
                break;
            case ExperimentStatus.Training or ExperimentStatus.Evaluating:
                StartAttempt();
                break;
            default:
                Become(Finished);
                break;
        }

        Stash.UnstashAll();
    }

    // ---- state ------------------------------------------------------------------------------------

    private void Apply(ExperimentSubmitted submitted)
    {
        spec = submitted.Spec;
        this.submitted = submitted.Submitted;
        status = ExperimentStatus.Submitted;
    }

    private void Apply(CorpusAwaited awaited) => status = ExperimentStatus.WaitingForCorpus;

    private void Apply(CorpusPinned pinned)
    {
        corpusVersion = pinned.Version;
        status = ExperimentStatus.Training;
    }

    private void Apply(AttemptStarted started)
    {
        attempts.Add(new AttemptDetails(started.Number, started.Nodes.Count, started.Nodes, started.StartStep, started.Checkpoint, started.Started, null, null));
        if (!ExperimentStatus.IsFinal(status))
        {
            status = ExperimentStatus.Training;
        }
    }

    private void Apply(EvaluationStarted started)
    {
        if (!ExperimentStatus.IsFinal(status))
        {
            status = ExperimentStatus.Evaluating;
        }
    }

    private void Apply(AttemptEnded ended)
    {
        var index = attempts.FindIndex(a => a.Number == ended.Number);
        if (index >= 0)
        {
            attempts[index] = attempts[index] with { Ended = ended.Ended, EndReason = ended.Reason };
        }
    }

    private void Apply(ExperimentSucceeded succeeded) => status = ExperimentStatus.Succeeded;

    private void Apply(ExperimentFailed failed)
    {
        status = ExperimentStatus.Failed;
        error = failed.Error;
    }

    private void Apply(ExperimentCancelled cancelled) => status = ExperimentStatus.Cancelled;

    private ExperimentDetails Details() => new(EntityId, status, spec!, submitted, corpusVersion, [.. attempts], error, waiting);

    private bool IsCurrent(string experimentId, int attempt) => experimentId == EntityId && running is { } r && r.Number == attempt && r.Ranks.Length > 0;

    // ---- the registry projection -------------------------------------------------------------------

    /// <summary>Rewrites the experiment's registry rows from the state (idempotent); one write at a time, retried on failure.</summary>
    private void SyncRegistry()
    {
        if (syncing)
        {
            syncAgain = true;
            return;
        }

        syncing = true;
        SyncRegistryAsync().PipeTo(Self);
    }

    private async Task<SyncDone> SyncRegistryAsync()
    {
        var registry = environment.Registry;
        var record = new ExperimentRecord(EntityId, spec!.Name, spec.Source, status, corpusVersion, submitted);
        var rows = attempts.ToList();
        try
        {
            await registry.UpsertExperimentAsync(record, CancellationToken.None).ConfigureAwait(false);
            foreach (var attempt in rows)
            {
                await registry.RecordAttemptAsync(EntityId, attempt.Number, attempt.WorldSize, attempt.Started, CancellationToken.None).ConfigureAwait(false);
                if (attempt.EndReason is { } reason)
                {
                    await registry.EndAttemptAsync(EntityId, attempt.Number, reason, CancellationToken.None).ConfigureAwait(false);
                }
            }

            return new SyncDone(null);
        }
        catch (RegistryException e)
        {
            return new SyncDone(e.Message);
        }
    }

    private void HandleSyncDone(SyncDone done)
    {
        syncing = false;
        foreach (var client in acknowledgeAfterSync)
        {
            client.Tell(new ExperimentAccepted(EntityId, status));
        }

        acknowledgeAfterSync.Clear();
        if (done.Problem is not null)
        {
            log.Warning("experiment {0}: registry write failed, retrying in {1}: {2}", EntityId, environment.Timings.RegistryRetry, done.Problem);
            Timers.StartSingleTimer(SyncTimer, SyncNow.Instance, environment.Timings.RegistryRetry);
        }
        else if (syncAgain)
        {
            syncAgain = false;
            SyncRegistry();
        }
    }

    // ---- local messages (never leave the node) -----------------------------------------------------

    private sealed record ResolveCorpus : INoSerializationVerificationNeeded
    {
        public static ResolveCorpus Instance { get; } = new();
    }

    private sealed record CorpusResolution(string? Version, string? Problem, bool Permanent) : INoSerializationVerificationNeeded;

    private sealed record ResumePoint(CheckpointRecord? Checkpoint, string? Problem) : INoSerializationVerificationNeeded;

    private sealed record RetryPreparing : INoSerializationVerificationNeeded
    {
        public static RetryPreparing Instance { get; } = new();
    }

    private sealed record Claim : INoSerializationVerificationNeeded
    {
        public static Claim Instance { get; } = new();
    }

    private sealed record StartTimedOut(int Attempt) : INoSerializationVerificationNeeded;

    private sealed record DrainTimedOut(int Attempt) : INoSerializationVerificationNeeded;

    private sealed record SyncDone(string? Problem) : INoSerializationVerificationNeeded;

    private sealed record SyncNow : INoSerializationVerificationNeeded
    {
        public static SyncNow Instance { get; } = new();
    }

    private sealed record ReleaseAgain : INoSerializationVerificationNeeded
    {
        public static ReleaseAgain Instance { get; } = new();
    }

    private sealed record ResumeNow : INoSerializationVerificationNeeded
    {
        public static ResumeNow Instance { get; } = new();
    }
}
