using System.Security.Cryptography;
using Akka.Actor;
using Akka.Event;
using PoseCluster.Actors.Ingestion;
using PoseCluster.Datasets;
using PoseCluster.Datasets.Ingestion;
using PoseCluster.Datasets.Sources;

namespace PoseCluster.Actors.Submission;

/// <summary>
/// The dataset side of job submission on every node with the role "api" (ARCHITECTURE §8; the experiment side is
/// issue 14's): it validates a dataset request — name, kind, and a path that is a folder holding a dataset of that
/// kind, each error named by its field — gives the job its id and sends <see cref="AddDataset"/> to the dataset's
/// entity at least once (sent again until acknowledged; the entity runs a job id once). Reads (status, jobs,
/// corpus) do not pass through it. Its handlers are self-contained so they can move into one JobSubmission actor.
/// </summary>
public sealed class DatasetSubmission : ReceiveActor
{
    /// <summary>Name of the actor under /user.</summary>
    public const string Name = "dataset-submission";

    private readonly IActorRef _datasets;
    private readonly DatasetLoaderOptions _loaders;
    private readonly TimeSpan _askTimeout;
    private readonly int _attempts;
    private readonly TimeProvider _time;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    /// <summary>Creates the actor; <paramref name="datasets"/> is the Dataset entities' shard region (or proxy).</summary>
    public DatasetSubmission(IActorRef datasets, DatasetLoaderOptions loaders, TimeSpan askTimeout, int attempts, TimeProvider time)
    {
        _datasets = datasets;
        _loaders = loaders;
        _askTimeout = askTimeout;
        _attempts = attempts;
        _time = time;
        Receive<SubmitDataset>(HandleSubmit);
    }

    /// <summary>Props; each command is sent up to <paramref name="attempts"/> times, each waiting <paramref name="askTimeout"/>.</summary>
    public static Props PropsFor(IActorRef datasets, DatasetLoaderOptions loaders, TimeSpan askTimeout, int attempts = 3, TimeProvider? time = null) =>
        Props.Create(() => new DatasetSubmission(datasets, loaders, askTimeout, attempts, time ?? TimeProvider.System));

    /// <summary>A new job id: <c>j-YYYYMMDD-</c> and 8 random hex digits.</summary>
    public static string NewJobId(DateTimeOffset now) => $"j-{now.UtcDateTime:yyyyMMdd}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";

    /// <summary>
    /// Checks a request: name (a dataset name), kind (a known kind), path (an absolute path or file:// URI of a
    /// folder that the kind's loader recognizes). Returns the checked values, or the errors by field.
    /// </summary>
    public static (string Name, DatasetKind Kind, string Directory)? Validate(SubmitDataset submit, DatasetLoaderOptions loaders, out Dictionary<string, string> errors)
    {
        ArgumentNullException.ThrowIfNull(submit);
        errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (DatasetSource.NameProblem(submit.Name) is { } problem)
        {
            errors["name"] = submit.Name is null ? "required" : $"'{submit.Name}': {problem}";
        }

        DatasetKind kind = default;
        if (string.IsNullOrWhiteSpace(submit.Kind))
        {
            errors["kind"] = $"required (one of {string.Join(", ", DatasetKinds.All.Select(k => k.Name))})";
        }
        else if (!DatasetKinds.TryParse(submit.Kind, out kind))
        {
            errors["kind"] = $"unknown kind '{submit.Kind}' (known: {string.Join(", ", DatasetKinds.All.Select(k => k.Name))})";
        }

        var directory = Directory(submit.Path, out var pathError);
        if (pathError is not null)
        {
            errors["path"] = pathError;
        }
        else if (!errors.ContainsKey("kind") && !DatasetLoaders.Create(kind, loaders).Recognizes(directory!))
        {
            errors["path"] = $"{directory} is not a {DatasetKinds.NameOf(kind)} dataset (expected {DatasetLoaders.ExpectedLayout(kind, loaders)})";
        }

        return errors.Count == 0 ? (submit.Name!, kind, directory!) : null;
    }

    private void HandleSubmit(SubmitDataset submit)
    {
        if (Validate(submit, _loaders, out var errors) is not { } valid)
        {
            Sender.Tell(new DatasetSubmissionRejected(errors));
            return;
        }

        var job = NewJobId(_time.GetUtcNow());
        _log.Info("job submission: dataset {0} ({1} at {2}) as job {3}", valid.Name, DatasetKinds.NameOf(valid.Kind), valid.Directory, job);
        SendAsync(new AddDataset(valid.Name, job, valid.Kind, valid.Directory))
            .ContinueWith<object>(
                t => t.IsCompletedSuccessfully ? new DatasetSubmissionAccepted(t.Result.Dataset, t.Result.Job) : new DatasetSubmissionFailed(t.Exception!.GetBaseException().Message),
                TaskScheduler.Default)
            .PipeTo(Sender);
    }

    /// <summary>Asks the entity until it acknowledges (it runs a job id once), at most <see cref="_attempts"/> times.</summary>
    private async Task<DatasetAdded> SendAsync(AddDataset add)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await _datasets.Ask<DatasetAdded>(add, _askTimeout).ConfigureAwait(false);
            }
            catch (AskTimeoutException) when (attempt < _attempts)
            {
                // The region may still be allocating the shard, or the entity moving: send again.
            }
            catch (AskTimeoutException e)
            {
                throw new TimeoutException($"add dataset {add.EntityId} (job {add.Job}): no acknowledgement after {_attempts} attempts of {_askTimeout.TotalSeconds:0.#} s", e);
            }
        }
    }

    private static string? Directory(string? path, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(path))
        {
            error = "required (an absolute path of the dataset folder, or a file:// URI)";
            return null;
        }

        string local;
        if (Uri.TryCreate(path, UriKind.Absolute, out var uri) && !uri.IsFile)
        {
            error = $"'{path}': only local folders can be read (an absolute path or a file:// URI), not {uri.Scheme}://";
            return null;
        }
        else if (uri is { IsFile: true } && path.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            local = uri.LocalPath;
        }
        else if (!System.IO.Path.IsPathFullyQualified(path))
        {
            error = $"'{path}': must be an absolute path (the node resolves no relative paths)";
            return null;
        }
        else
        {
            local = path;
        }

        var full = System.IO.Path.GetFullPath(local);
        if (!System.IO.Directory.Exists(full))
        {
            error = File.Exists(full) ? $"{full} is a file, not a dataset folder" : $"{full}: no such folder";
            return null;
        }

        return full;
    }
}
