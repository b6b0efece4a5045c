namespace PoseCluster.Actors.Training;

/// <summary>A point in a training run its owner may want to know about.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Step">The model's step at that point.</param>
public sealed record TrainingMilestone(TrainingMilestoneKind Kind, long Step);
