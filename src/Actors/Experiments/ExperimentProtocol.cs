using PoseCluster.Actors.Serialization;
using PoseCluster.Actors.Sharding;

namespace PoseCluster.Actors.Experiments;

// The experiment entity's commands, queries, replies, events and views (sealed records, serialized by
// ClusterMessageSerializer). Ranks report to the entity with the messages of Training/TrainingProtocol.cs.

/// <summary>Creates experiment <paramref name="EntityId"/> (idempotent: a repeat is acknowledged again); answered by <see cref="ExperimentAccepted"/>.</summary>
/// <param name="EntityId">The new experiment's id.</param>
/// <param name="Spec">The validated spec.</param>
/// <param name="Submitted">When the endpoint received it.</param>
public sealed record SubmitExperiment(string EntityId, ExperimentSpec Spec, DateTimeOffset Submitted) : IEntityMessage, IClusterMessage;

/// <summary>The experiment is persisted (now or by an earlier, identical command) with this status.</summary>
/// <param name="Id">Experiment id.</param>
/// <param name="Status">Its status now.</param>
public sealed record ExperimentAccepted(string Id, string Status) : IClusterMessage;

/// <summary>Asks the experiment to stop: its running attempt ends on every rank; answered by <see cref="CancelAccepted"/>, <see cref="CancelRefused"/> or <see cref="ExperimentUnknown"/>.</summary>
/// <param name="EntityId">Experiment id.</param>
public sealed record CancelExperiment(string EntityId) : IEntityMessage, IClusterMessage;

/// <summary>The experiment is (or was already) cancelled.</summary>
/// <param name="Id">Experiment id.</param>
/// <param name="Status">Cancelled.</param>
public sealed record CancelAccepted(string Id, string Status) : IClusterMessage;

/// <summary>The experiment had already finished; nothing changed.</summary>
/// <param name="Id">Experiment id.</param>
/// <param name="Status">Its final status.</param>
public sealed record CancelRefused(string Id, string Status) : IClusterMessage;

/// <summary>Asks for the experiment's lifecycle (status, spec, attempts); answered by <see cref="ExperimentDetails"/> or <see cref="ExperimentUnknown"/>.</summary>
/// <param name="EntityId">Experiment id.</param>
public sealed record GetExperiment(string EntityId) : IEntityMessage, IClusterMessage;

/// <summary>No experiment with this id was ever submitted.</summary>
/// <param name="Id">The id asked for.</param>
public sealed record ExperimentUnknown(string Id) : IClusterMessage;

/// <summary>An experiment's lifecycle as its entity knows it (the registry has its metrics and checkpoints).</summary>
/// <param name="Id">Experiment id.</param>
/// <param name="Status">Submitted, WaitingForCorpus, Training, Evaluating, Succeeded, Failed or Cancelled (<see cref="ExperimentStatus"/>).</param>
/// <param name="Spec">The validated spec.</param>
/// <param name="Submitted">When it was submitted.</param>
/// <param name="CorpusVersion">The pinned corpus version, once resolved.</param>
/// <param name="Attempts">Every attempt, oldest first.</param>
/// <param name="Error">Why it failed, when it did.</param>
/// <param name="Waiting">What it waits for right now (a corpus version, free trainer slots), or null.</param>
public sealed record ExperimentDetails(
    string Id,
    string Status,
    ExperimentSpec Spec,
    DateTimeOffset Submitted,
    string? CorpusVersion,
    IReadOnlyList<AttemptDetails> Attempts,
    string? Error,
    string? Waiting) : IClusterMessage;

/// <summary>One attempt of an experiment.</summary>
/// <param name="Number">1, 2, ...</param>
/// <param name="WorldSize">Ranks that trained together.</param>
/// <param name="Nodes">The trainer node of each rank (rank order).</param>
/// <param name="StartStep">The step it resumed from (0 for a fresh start).</param>
/// <param name="Checkpoint">The checkpoint it resumed from, if any.</param>
/// <param name="Started">When its ranks were started.</param>
/// <param name="Ended">When it ended, or null while it runs.</param>
/// <param name="EndReason">completed, cancelled, node lost: ADDRESS ..., collective ... , error: TEXT; null while it runs.</param>
public sealed record AttemptDetails(int Number, int WorldSize, IReadOnlyList<string> Nodes, long StartStep, string? Checkpoint, DateTimeOffset Started, DateTimeOffset? Ended, string? EndReason) : IClusterMessage;

/// <summary>Event: the experiment was submitted.</summary>
/// <param name="Spec">The validated spec.</param>
/// <param name="Submitted">When the endpoint received it.</param>
public sealed record ExperimentSubmitted(ExperimentSpec Spec, DateTimeOffset Submitted) : IClusterMessage;

/// <summary>Event: no complete corpus version matches the spec yet; the experiment waits for one.</summary>
/// <param name="Reason">What it waits for.</param>
public sealed record CorpusAwaited(string Reason) : IClusterMessage;

/// <summary>Event: the experiment trains on this corpus version from now on.</summary>
/// <param name="Version">Corpus version id.</param>
public sealed record CorpusPinned(string Version) : IClusterMessage;

/// <summary>Event: an attempt's slots were claimed and its ranks told to start.</summary>
/// <param name="Number">Attempt number.</param>
/// <param name="Nodes">Trainer node of each rank, rank order.</param>
/// <param name="StartStep">Step of the checkpoint it resumes from (0: fresh).</param>
/// <param name="Checkpoint">Key of that checkpoint, if any.</param>
/// <param name="Started">When.</param>
public sealed record AttemptStarted(int Number, IReadOnlyList<string> Nodes, long StartStep, string? Checkpoint, DateTimeOffset Started) : IClusterMessage;

/// <summary>Event: training is done; rank 0 evaluates.</summary>
/// <param name="Attempt">The attempt.</param>
/// <param name="Step">The final step.</param>
public sealed record EvaluationStarted(int Attempt, long Step) : IClusterMessage;

/// <summary>Event: an attempt ended on every rank.</summary>
/// <param name="Number">Attempt number.</param>
/// <param name="Reason">Why (see <see cref="AttemptDetails.EndReason"/>).</param>
/// <param name="Ended">When.</param>
public sealed record AttemptEnded(int Number, string Reason, DateTimeOffset Ended) : IClusterMessage;

/// <summary>Event: the experiment trained all its steps and was evaluated.</summary>
/// <param name="At">When.</param>
public sealed record ExperimentSucceeded(DateTimeOffset At) : IClusterMessage;

/// <summary>Event: the experiment gave up.</summary>
/// <param name="Error">Why.</param>
/// <param name="At">When.</param>
public sealed record ExperimentFailed(string Error, DateTimeOffset At) : IClusterMessage;

/// <summary>Event: the experiment was cancelled (a running attempt still ends after this).</summary>
/// <param name="At">When.</param>
public sealed record ExperimentCancelled(DateTimeOffset At) : IClusterMessage;
