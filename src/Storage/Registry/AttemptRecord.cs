namespace PoseCluster.Storage.Registry;

/// <summary>One attempt at running an experiment (a restart after a node loss is a new attempt).</summary>
/// <param name="ExperimentId">Experiment.</param>
/// <param name="Number">1, 2, ... per experiment.</param>
/// <param name="WorldSize">Trainer processes in the attempt.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="EndedAt">When it ended, if it has.</param>
/// <param name="ReasonEnded">Why it ended (completed, node lost, cancelled, error text).</param>
public sealed record AttemptRecord(string ExperimentId, int Number, int WorldSize, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string? ReasonEnded);
