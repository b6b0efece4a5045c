namespace PoseCluster.Actors.Training;

/// <summary>The registry experiment and attempt a managed training run records into (its owner keeps their rows).</summary>
/// <param name="ExperimentId">Registry experiment id.</param>
/// <param name="Attempt">Attempt number (1, 2, ...).</param>
public sealed record RunRecording(string ExperimentId, int Attempt);
