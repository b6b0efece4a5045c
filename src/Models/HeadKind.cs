namespace PoseCluster.Models;

/// <summary>The output head: HeatPose volumes or the paper's "w/o HeatPose" coordinate regression.</summary>
public enum HeadKind
{
    /// <summary>Per-joint G^3 volumes, cross-entropy against GMM targets, soft-argmax decoding.</summary>
    HeatPose = 0,

    /// <summary>Joint coordinates regressed directly with an MSE loss.</summary>
    Regression = 1,
}
