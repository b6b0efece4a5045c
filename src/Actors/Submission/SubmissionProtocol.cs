using PoseCluster.Actors.Serialization;

namespace PoseCluster.Actors.Submission;

// The JobSubmission actor's requests and answers (sealed records). Experiment commands now; the dataset side
// (issue 13: POST /api/datasets) adds its commands beside these.

/// <summary>Submits an experiment spec (HOCON or JSON text); answered by <see cref="SubmissionAccepted"/>, <see cref="SpecRejected"/> or <see cref="SubmissionFailed"/>.</summary>
/// <param name="SpecText">The spec as sent.</param>
public sealed record SubmitExperimentSpec(string SpecText) : IClusterMessage;

/// <summary>The experiment exists now.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Status">Its status.</param>
public sealed record SubmissionAccepted(string Id, string Status) : IClusterMessage;

/// <summary>The spec has bad fields; nothing was created.</summary>
/// <param name="Errors">Field path → what is wrong with it.</param>
public sealed record SpecRejected(IReadOnlyDictionary<string, string> Errors) : IClusterMessage;

/// <summary>The cluster did not acknowledge a command in time (after retries); it may or may not have been applied.</summary>
/// <param name="Reason">What happened.</param>
public sealed record SubmissionFailed(string Reason) : IClusterMessage;

/// <summary>Cancels experiment <paramref name="Id"/>; answered by the entity's CancelAccepted, CancelRefused or ExperimentUnknown, or <see cref="SubmissionFailed"/>.</summary>
/// <param name="Id">Experiment id.</param>
public sealed record CancelExperimentRequest(string Id) : IClusterMessage;
