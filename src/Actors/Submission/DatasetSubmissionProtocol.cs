using PoseCluster.Actors.Serialization;

namespace PoseCluster.Actors.Submission;

// The dataset side of job submission (POST /api/datasets): requests and answers of DatasetSubmission. Kept
// apart from the experiment side so the two can be folded into one JobSubmission actor (ARCHITECTURE §8).

/// <summary>Adds or re-ingests a dataset; answered by <see cref="DatasetSubmissionAccepted"/>, <see cref="DatasetSubmissionRejected"/> or <see cref="DatasetSubmissionFailed"/>.</summary>
/// <param name="Name">Dataset name (as sent; may be missing).</param>
/// <param name="Kind">Kind name (as sent).</param>
/// <param name="Path">Folder: an absolute path or a file:// URI (as sent).</param>
public sealed record SubmitDataset(string? Name, string? Kind, string? Path) : IClusterMessage;

/// <summary>The dataset's entity has persisted the job.</summary>
/// <param name="Dataset">Dataset name.</param>
/// <param name="Job">Job id.</param>
public sealed record DatasetSubmissionAccepted(string Dataset, string Job) : IClusterMessage;

/// <summary>Bad fields; nothing was submitted.</summary>
/// <param name="Errors">Field path (name, kind, path) → what is wrong with it.</param>
public sealed record DatasetSubmissionRejected(IReadOnlyDictionary<string, string> Errors) : IClusterMessage;

/// <summary>The dataset's entity did not acknowledge in time (after retries); the job may or may not exist.</summary>
/// <param name="Reason">What happened.</param>
public sealed record DatasetSubmissionFailed(string Reason) : IClusterMessage;
