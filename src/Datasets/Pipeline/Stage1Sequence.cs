using System.Text.Json.Serialization;
using PoseCluster.Datasets.AugMotion;
using PoseCluster.Datasets.Geometry;

namespace PoseCluster.Datasets.Pipeline;

/// <summary>
/// Stage 1's small result for one sequence (ARCHITECTURE §4), as the unit's stage-1 index stores it and
/// as a Sequence entity would hold it: identity, frame rate and frame count, the runs of valid frames
/// (so windows can be planned without the frames), the key frame and its three reference points, the
/// Eq. 1 partial sums, and where the frames are stored — or the reason the sequence is rejected.
/// </summary>
/// <param name="Index">Position of the sequence in its unit (load order).</param>
/// <param name="Subject">Subject id.</param>
/// <param name="Action">Action or sequence name.</param>
/// <param name="Camera">Camera id or "world".</param>
/// <param name="Source">The file (or file and key) it was loaded from, relative to the dataset folder.</param>
/// <param name="Fps">Frames per second.</param>
/// <param name="Frames">Frames in the sequence (0 when it could not be loaded).</param>
/// <param name="ValidRuns">Maximal runs of valid frames as start, length pairs, flattened.</param>
/// <param name="KeyFrame">Index of the key frame (−1 when rejected).</param>
/// <param name="References">The key frame's left shoulder, right shoulder and pelvis (x, y, z each), source frame, mm; empty when rejected.</param>
/// <param name="ShoulderWidthSumMm">Σ shoulder width over the valid frames (Eq. 1), mm; 0 when rejected.</param>
/// <param name="ShoulderToPelvisSumMm">Σ shoulder-midpoint→pelvis distance over the valid frames, mm.</param>
/// <param name="SumFrames">Frames summed (the valid frames); 0 when rejected.</param>
/// <param name="Has2d">True when the block carries 2D keypoints.</param>
/// <param name="Block">Where the frames are stored; null when rejected.</param>
/// <param name="RejectReason">Why the sequence cannot be harmonized (one line), or null.</param>
public sealed record Stage1Sequence(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("camera")] string Camera,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("fps")] double Fps,
    [property: JsonPropertyName("frames")] int Frames,
    [property: JsonPropertyName("valid_runs")] int[] ValidRuns,
    [property: JsonPropertyName("key_frame")] int KeyFrame,
    [property: JsonPropertyName("references")] double[] References,
    [property: JsonPropertyName("shoulder_width_sum_mm")] double ShoulderWidthSumMm,
    [property: JsonPropertyName("shoulder_to_pelvis_sum_mm")] double ShoulderToPelvisSumMm,
    [property: JsonPropertyName("sum_frames")] long SumFrames,
    [property: JsonPropertyName("has_2d")] bool Has2d,
    [property: JsonPropertyName("block")] Stage1Block? Block,
    [property: JsonPropertyName("reject")] string? RejectReason)
{
    /// <summary>The Eq. 1 partial sums.</summary>
    [JsonIgnore]
    public ReferenceStatistics Statistics => new(ShoulderWidthSumMm, ShoulderToPelvisSumMm, SumFrames);

    /// <summary>The key frame's left shoulder, right shoulder and pelvis.</summary>
    public Vector3d[] ReferencePoints() =>
        References.Length == 9
            ? [new(References[0], References[1], References[2]), new(References[3], References[4], References[5]), new(References[6], References[7], References[8])]
            : throw new InvalidOperationException($"sequence {Subject}/{Action}.{Camera} has no reference points ({RejectReason})");

    /// <summary>A sequence that is rejected before or during stage 1.</summary>
    public static Stage1Sequence Rejected(int index, string subject, string action, string camera, string source, string reason, double fps = 0, int frames = 0) =>
        new(index, subject, action, camera, source, fps, frames, [], -1, [], 0, 0, 0, false, null, reason);
}
