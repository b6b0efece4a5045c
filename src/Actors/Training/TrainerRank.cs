using Akka.Actor;
using Akka.Event;
using PoseCluster.Configuration;
using PoseCluster.Models;
using PoseCluster.Models.Distributed;
using PoseCluster.Storage;
using PoseCluster.Storage.Objects;
using PoseCluster.Storage.Shards;

namespace PoseCluster.Actors.Training;

/// <summary>
/// One rank of an attempt, in the trainer node's process (docs/EXPERIMENTS.md: why in-process): rendezvous
/// through the attempt's <see cref="RendezvousStoreActor"/>, then <see cref="CorpusTrainer"/> — the same loop as
/// <c>posecluster train</c> — on a task of its own, reporting to the experiment entity (its coordinator):
/// started, evaluating (rank 0), completed or failed. It stops at the next step when told to or when the
/// coordinator is gone, and lives until its task has ended (a rank blocked in a collective ends when the peer's
/// connection closes or the collective timeout passes), so its slot is free only once it really is.
/// </summary>
public sealed class TrainerRank : ReceiveActor
{
    private readonly StartRank start;
    private readonly TrainingEnvironment environment;
    private readonly CancellationTokenSource stop = new();
    private readonly ILoggingAdapter log = Context.GetLogger();

    /// <summary>Creates the rank for <paramref name="start"/>.</summary>
    public TrainerRank(StartRank start, TrainingEnvironment environment)
    {
        this.start = start;
        this.environment = environment;
        Receive<StopRank>(s => Stop(s.Reason));
        Receive<Terminated>(t => t.ActorRef.Equals(start.Coordinator), _ => Stop("the experiment's coordinator is gone"));
        Receive<MilestoneReached>(m => HandleMilestone(m.Milestone));
        Receive<Finished>(HandleFinished);
    }

    /// <summary>Props of one rank.</summary>
    public static Props Props(StartRank start, TrainingEnvironment environment) => Akka.Actor.Props.Create(() => new TrainerRank(start, environment));

    /// <summary>How a rank's failure counts: permanent for bad inputs, stopped when asked to stop, else transient.</summary>
    public static RankFailureKind Classify(Exception error, bool stopRequested) => error switch
    {
        OperationCanceledException when stopRequested => RankFailureKind.Stopped,
        CollectiveException => RankFailureKind.Transient,
        ConfigurationException or ModelOptionsException or CheckpointException or InputShapeException
            or CorpusIncompleteException or ShardFormatException or ChecksumMismatchException or ObjectKeyException => RankFailureKind.Permanent,
        StorageException { IsTransient: false } => RankFailureKind.Permanent,
        _ => RankFailureKind.Transient,
    };

    /// <summary>The reason a failed rank reports: what failed, in one line.</summary>
    public static string Describe(Exception error) => error switch
    {
        CollectiveException { Failure: CollectiveFailure.PeerLost } e => "collective failed: a peer was lost (" + OneLine(e.Message) + ")",
        CollectiveException { Failure: CollectiveFailure.Timeout } e => "collective timed out (" + OneLine(e.Message) + ")",
        CollectiveException e => $"collective failed: {e.Failure} ({OneLine(e.Message)})",
        OperationCanceledException => "cancelled",
        _ => $"error: {error.GetType().Name}: {OneLine(error.Message)}",
    };

    /// <inheritdoc />
    protected override void PreStart()
    {
        Context.Watch(start.Coordinator);
        var self = Self;
        var milestones = new Progress(self);
        _ = Task.Factory.StartNew(() => RunAsync(milestones), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)
            .Unwrap()
            .ContinueWith(task => self.Tell(new Finished(task.Exception?.GetBaseException(), task.IsCanceled)), TaskScheduler.Default);
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        stop.Cancel();
        stop.Dispose();
        base.PostStop();
    }

    private async Task RunAsync(IProgress<TrainingMilestone> milestones)
    {
        var token = stop.Token;
        var settings = environment.SettingsFor(start.Spec);
        using var group = start.WorldSize > 1
            ? await ProcessGroup.CreateAsync(start.Rank, start.WorldSize, new ActorRendezvousStore(start.Rendezvous, settings.CollectiveTimeout),
                environment.Trainer.RankHost, settings.CollectiveTimeout, token).ConfigureAwait(false)
            : null;
        var run = new TrainingRun(
            environment.Objects, start.CorpusVersion, environment.Objects, environment.RegistryUrl, start.Spec.Steps, settings, group,
            OutputPrefix: TrainingEnvironment.ExperimentPrefix(start.ExperimentId),
            Recording: new RunRecording(start.ExperimentId, start.Attempt),
            ResumeFrom: start.ResumeFrom,
            Milestones: milestones);
        await CorpusTrainer.RunAsync(run, token).ConfigureAwait(false);
    }

    private void HandleMilestone(TrainingMilestone milestone)
    {
        switch (milestone.Kind)
        {
            case TrainingMilestoneKind.Synchronized:
                start.Coordinator.Tell(new RankStarted(start.ExperimentId, start.Attempt, start.Rank, milestone.Step));
                break;
            case TrainingMilestoneKind.FinalEvaluation:
                start.Coordinator.Tell(new RankEvaluating(start.ExperimentId, start.Attempt, milestone.Step));
                break;
        }
    }

    private void HandleFinished(Finished finished)
    {
        if (finished.Error is null && !finished.Canceled)
        {
            start.Coordinator.Tell(new RankCompleted(start.ExperimentId, start.Attempt, start.Rank, start.Spec.Steps));
        }
        else
        {
            var error = finished.Error ?? new OperationCanceledException();
            var kind = Classify(error, stop.IsCancellationRequested);
            if (kind != RankFailureKind.Stopped)
            {
                log.Warning("rank {0} of {1} attempt {2} failed: {3}", start.Rank, start.ExperimentId, start.Attempt, error);
            }

            start.Coordinator.Tell(new RankFailed(start.ExperimentId, start.Attempt, start.Rank, Describe(error), kind));
        }

        Context.Stop(Self);
    }

    private void Stop(string reason)
    {
        if (!stop.IsCancellationRequested)
        {
            log.Info("rank {0} of {1} attempt {2} stops: {3}", start.Rank, start.ExperimentId, start.Attempt, reason);
            stop.Cancel();
        }
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();

    /// <summary>The training task ended (never leaves the node).</summary>
    private sealed record Finished(Exception? Error, bool Canceled) : INoSerializationVerificationNeeded;

    /// <summary>A milestone of the training task (never leaves the node).</summary>
    private sealed record MilestoneReached(TrainingMilestone Milestone) : INoSerializationVerificationNeeded;

    /// <summary>Milestones from the training thread, as messages to the rank actor.</summary>
    private sealed class Progress(IActorRef rank) : IProgress<TrainingMilestone>
    {
        public void Report(TrainingMilestone value) => rank.Tell(new MilestoneReached(value));
    }
}
