using PoseCluster.Datasets.Geometry;

namespace PoseCluster.Datasets.AugMotion;

/// <summary>
/// What the first pass learns about one sequence: its key frame and that frame's reference points,
/// its share of the corpus statistics, or why it is rejected. Small, so the second pass can reload the
/// sequence instead of keeping its frames in memory.
/// </summary>
/// <param name="Key">The sequence.</param>
/// <param name="FrameCount">Frames in the sequence (checked again in the second pass).</param>
/// <param name="KeyFrame">Index of the key frame (−1 when rejected).</param>
/// <param name="References">The key frame's left shoulder, right shoulder and pelvis, source frame, mm (empty when rejected).</param>
/// <param name="Statistics">The sequence's Eq. 1 sums (zero when rejected).</param>
/// <param name="RejectReason">Why the sequence cannot be harmonized, or null.</param>
public sealed record SequencePlan(
    SequenceKey Key,
    int FrameCount,
    int KeyFrame,
    IReadOnlyList<Vector3d> References,
    ReferenceStatistics Statistics,
    string? RejectReason)
{
    /// <summary>A rejected sequence.</summary>
    public static SequencePlan Rejected(SequenceKey key, int frameCount, string reason) => new(key, frameCount, -1, [], default, reason);
}
