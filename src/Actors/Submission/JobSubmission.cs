using System.Security.Cryptography;
using Akka.Actor;
using Akka.Event;
using PoseCluster.Actors.Experiments;
using PoseCluster.Actors.Ingestion;
using PoseCluster.Configuration;
using PoseCluster.Datasets;
using PoseCluster.Datasets.Sources;

namespace PoseCluster.Actors.Submission;

/// <summary>
/// The front door of the cluster's jobs on every node with the role "api" (ARCHITECTURE §8): it validates a
/// dataset request (<see cref="DatasetRequestValidator"/>) or an experiment spec (errors per field path), gives
/// the job or experiment its id and sends the command to its entity — at least once: sent again until
/// acknowledged, the entity applies it once — and forwards cancels. Reads (lists, status, metrics) do not pass
/// through it: they are registry reads and Asks to the entities that any endpoint can make.
/// </summary>
public sealed class JobSubmission : ReceiveActor
{
    /// <summary>Name of the actor under /user.</summary>
    public const string Name = "job-submission";

    private readonly IActorRef experiments;
    private readonly IActorRef datasets;
    private readonly Config node;
    private readonly DatasetLoaderOptions loaders;
    private readonly TimeSpan askTimeout;
    private readonly int attempts;
    private readonly TimeProvider time;
    private readonly ILoggingAdapter log = Context.GetLogger();

    /// <summary>Creates the actor on the experiments' and the datasets' shard regions (or proxies).</summary>
    public JobSubmission(IActorRef experiments, IActorRef datasets, Config node, DatasetLoaderOptions loaders, TimeSpan askTimeout, int attempts, TimeProvider time)
    {
        this.experiments = experiments;
        this.datasets = datasets;
        this.node = node;
        this.loaders = loaders;
        this.askTimeout = askTimeout;
        this.attempts = attempts;
        this.time = time;
        Receive<SubmitExperimentSpec>(HandleSubmit);
        Receive<CancelExperimentRequest>(HandleCancel);
        Receive<SubmitDataset>(HandleDataset);
    }

    /// <summary>Props; each command is sent up to <paramref name="attempts"/> times, each waiting <paramref name="askTimeout"/>.</summary>
    public static Props Props(IActorRef experiments, IActorRef datasets, Config node, DatasetLoaderOptions loaders, TimeSpan askTimeout, int attempts = 3, TimeProvider? time = null) =>
        Akka.Actor.Props.Create(() => new JobSubmission(experiments, datasets, node, loaders, askTimeout, attempts, time ?? TimeProvider.System));

    /// <summary>A new experiment id: <c>e-YYYYMMDD-</c> and 8 random hex digits.</summary>
    public static string NewExperimentId(DateTimeOffset now) =>
        $"e-{now.UtcDateTime:yyyyMMdd}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";

    /// <summary>A new dataset job id: <c>j-YYYYMMDD-</c> and 8 random hex digits.</summary>
    public static string NewJobId(DateTimeOffset now) =>
        $"j-{now.UtcDateTime:yyyyMMdd}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";

    private void HandleSubmit(SubmitExperimentSpec submit)
    {
        var parsed = ExperimentSpecParser.Parse(submit.SpecText, node);
        if (parsed.Spec is null)
        {
            Sender.Tell(new SubmissionRejected(parsed.Errors));
            return;
        }

        var now = time.GetUtcNow();
        var id = NewExperimentId(now);
        log.Info("job submission: experiment {0} ({1})", id, parsed.Spec.Name);
        Reply(SendAsync<ExperimentAccepted>(experiments, new SubmitExperiment(id, parsed.Spec, now), $"submit experiment {id}"), a => new SubmissionAccepted(a.Id, a.Status));
    }

    private void HandleCancel(CancelExperimentRequest cancel) =>
        Reply(SendAsync<object>(experiments, new CancelExperiment(cancel.Id), $"cancel experiment {cancel.Id}"), answer => answer);

    private void HandleDataset(SubmitDataset submit)
    {
        if (DatasetRequestValidator.Validate(submit, loaders, out var errors) is not { } valid)
        {
            Sender.Tell(new SubmissionRejected(errors));
            return;
        }

        var job = NewJobId(time.GetUtcNow());
        log.Info("job submission: dataset {0} ({1} at {2}) as job {3}", valid.Name, DatasetKinds.NameOf(valid.Kind), valid.Directory, job);
        var add = new AddDataset(valid.Name, job, valid.Kind, valid.Directory);
        Reply(SendAsync<DatasetAdded>(datasets, add, $"add dataset {add.EntityId} (job {job})"), a => new DatasetSubmissionAccepted(a.Dataset, a.Job));
    }

    /// <summary>Pipes the entity's acknowledgement (mapped) or a <see cref="SubmissionFailed"/> to the sender.</summary>
    private void Reply<T>(Task<T> acknowledged, Func<T, object> answer) =>
        acknowledged
            .ContinueWith(t => t.IsCompletedSuccessfully ? answer(t.Result) : new SubmissionFailed(t.Exception!.GetBaseException().Message), TaskScheduler.Default)
            .PipeTo(Sender);

    /// <summary>Asks the entity until it answers (idempotent commands), at most <see cref="attempts"/> times.</summary>
    private async Task<T> SendAsync<T>(IActorRef region, object command, string what)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await region.Ask<T>(command, askTimeout).ConfigureAwait(false);
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
