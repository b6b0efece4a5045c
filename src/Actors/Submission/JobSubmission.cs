using System.Security.Cryptography;
using Akka.Actor;
using Akka.Event;
using PoseCluster.Actors.Experiments;
using PoseCluster.Configuration;

namespace PoseCluster.Actors.Submission;

/// <summary>
/// The front door of the cluster's jobs on every node with the role "api" (ARCHITECTURE §8): it validates an
/// experiment spec (errors per field path), gives the experiment its id and sends the command to its entity —
/// at least once: retried until acknowledged, the entity applies it once — and forwards cancels. Reads
/// (lists, metrics) do not pass through it: they are registry reads and an Ask to the entity that any
/// endpoint can make. Experiment commands today; the dataset commands of issue 13 belong here too.
/// </summary>
public sealed class JobSubmission : ReceiveActor
{
    /// <summary>Name of the actor under /user.</summary>
    public const string Name = "job-submission";

    private readonly IActorRef experiments;
    private readonly Config node;
    private readonly TimeSpan askTimeout;
    private readonly int attempts;
    private readonly TimeProvider time;
    private readonly ILoggingAdapter log = Context.GetLogger();

    /// <summary>Creates the actor; <paramref name="experiments"/> is the experiments' shard region (or proxy).</summary>
    public JobSubmission(IActorRef experiments, Config node, TimeSpan askTimeout, int attempts, TimeProvider time)
    {
        this.experiments = experiments;
        this.node = node;
        this.askTimeout = askTimeout;
        this.attempts = attempts;
        this.time = time;
        Receive<SubmitExperimentSpec>(HandleSubmit);
        Receive<CancelExperimentRequest>(HandleCancel);
    }

    /// <summary>Props; each command is sent up to <paramref name="attempts"/> times, each waiting <paramref name="askTimeout"/>.</summary>
    public static Props Props(IActorRef experiments, Config node, TimeSpan askTimeout, int attempts = 3, TimeProvider? time = null) =>
        Akka.Actor.Props.Create(() => new JobSubmission(experiments, node, askTimeout, attempts, time ?? TimeProvider.System));

    /// <summary>A new experiment id: <c>e-YYYYMMDD-</c> and 8 random hex digits.</summary>
    public static string NewExperimentId(DateTimeOffset now) =>
        $"e-{now.UtcDateTime:yyyyMMdd}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";

    private void HandleSubmit(SubmitExperimentSpec submit)
    {
        var parsed = ExperimentSpecParser.Parse(submit.SpecText, node);
        if (parsed.Spec is null)
        {
            Sender.Tell(new SpecRejected(parsed.Errors));
            return;
        }

        var now = time.GetUtcNow();
        var id = NewExperimentId(now);
        var command = new SubmitExperiment(id, parsed.Spec, now);
        log.Info("job submission: experiment {0} ({1})", id, parsed.Spec.Name);
        SendAsync<ExperimentAccepted>(command, $"submit experiment {id}")
            .ContinueWith<object>(t => t.IsCompletedSuccessfully ? new SubmissionAccepted(t.Result.Id, t.Result.Status) : new SubmissionFailed(t.Exception!.GetBaseException().Message), TaskScheduler.Default)
            .PipeTo(Sender);
    }

    private void HandleCancel(CancelExperimentRequest cancel) =>
        SendAsync<object>(new CancelExperiment(cancel.Id), $"cancel experiment {cancel.Id}")
            .ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : new SubmissionFailed(t.Exception!.GetBaseException().Message), TaskScheduler.Default)
            .PipeTo(Sender);

    /// <summary>Asks the entity until it answers (idempotent commands), at most <see cref="attempts"/> times.</summary>
    private async Task<T> SendAsync<T>(object command, string what)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await experiments.Ask<T>(command, askTimeout).ConfigureAwait(false);
            }
            catch (AskTimeoutException) when (attempt < attempts)
            {
                // The region may still be allocating the shard, or the entity moving: send again.
            }
            catch (AskTimeoutException e)
            {
                throw new TimeoutException($"{what}: no acknowledgement after {attempts} attempts of {askTimeout.TotalSeconds:0.#} s", e);
            }
        }
    }
}
