namespace PoseCluster.Actors.Training;

/// <summary>Kinds of <see cref="TrainingMilestone"/>.</summary>
public enum TrainingMilestoneKind
{
    /// <summary>Every rank holds rank 0's state (after a resume, at the checkpoint's step); training starts.</summary>
    Synchronized,

    /// <summary>Rank 0 evaluates in the middle of training (posecluster.training.eval-every).</summary>
    Evaluating,

    /// <summary>Training is done; rank 0 runs the final evaluation.</summary>
    FinalEvaluation,
}
