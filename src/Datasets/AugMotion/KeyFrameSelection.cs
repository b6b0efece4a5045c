namespace PoseCluster.Datasets.AugMotion;

/// <summary>The key frame chosen for a sequence, or why none could be.</summary>
/// <param name="Frame">Index of the key frame in the sequence (−1 when rejected).</param>
/// <param name="UprightFrames">How many valid frames passed the upright filter.</param>
/// <param name="UsedAllValidFrames">True when fewer upright frames than clusters existed and all valid frames were clustered instead.</param>
/// <param name="RejectReason">Why the sequence has no usable key frame, or null.</param>
public sealed record KeyFrameSelection(int Frame, int UprightFrames, bool UsedAllValidFrames, string? RejectReason)
{
    /// <summary>A rejection with its reason.</summary>
    public static KeyFrameSelection Rejected(string reason) => new(-1, 0, false, reason);
}
