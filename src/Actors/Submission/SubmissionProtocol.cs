using PoseCluster.Actors.Serialization;

namespace PoseCluster.Actors.Submission;

// The JobSubmission actor's requests and answers (sealed records): datasets (POST /api/datasets) and
// experiments (POST /api/experiments, cancel).

/// <summary>Submits an experiment spec (HOCON or JSON text); answered by <see cref="SubmissionAccepted"/>, <see cref="SubmissionRejected"/> or <see cref="SubmissionFailed"/>.</summary>
/// <param name="SpecText">The spec as sent.</param>
public sealed record SubmitExperimentSpec(string SpecText) : IClusterMessage;

/// <summary>The experiment exists now.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Status">Its status.</param>
public sealed record SubmissionAccepted(string Id, string Status) : IClusterMessage;

/// <summary>Cancels experiment <paramref name="Id"/>; answered by the entity's CancelAccepted, CancelRefused or ExperimentUnknown, or <see cref="SubmissionFailed"/>.</summary>
/// <param name="Id">Experiment id.</param>
public sealed record CancelExperimentRequest(string Id) : IClusterMessage;

/// <summary>Adds or re-ingests a dataset; answered by <see cref="DatasetSubmissionAccepted"/>, <see cref="SubmissionRejected"/> or <see cref="SubmissionFailed"/>.</summary>
/// <param name="Name">Dataset name (as sent; may be missing).</param>
/// <param name="Kind">Kind name (as sent).</param>
/// <param name="Path">Folder: an absolute path or a file:// URI (as sent).</param>
public sealed record SubmitDataset(string? Name, string? Kind, string? Path) : IClusterMessage;

/// <summary>The dataset's entity has persisted the job.</summary>
/// <param name="Dataset">Dataset name.</param>
/// <param name="Job">Job id.</param>
public sealed record DatasetSubmissionAccepted(string Dataset, string Job) : IClusterMessage;

/// <summary>The request has bad fields; nothing was created.</summary>
/// <param name="Errors">Field path → what is wrong with it.</param>
public sealed record SubmissionRejected(IReadOnlyDictionary<string, string> Errors) : IClusterMessage;

/// <summary>The cluster did not acknowledge a command in time (after retries); it may or may not have been applied.</summary>
/// <param name="Reason">What happened.</param>
public sealed record SubmissionFailed(string Reason) : IClusterMessage;
