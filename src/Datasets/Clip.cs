namespace PoseCluster.Datasets;

/// <summary>
/// One training clip: a window of T frames of a harmonized sequence, the row of an Arrow clip shard
/// (ARCHITECTURE §5). <see cref="Pose3d"/> is T x 17 x 3 floats in the universal frame, mm;
/// <see cref="Pose2d"/> is T x 17 x 2 pixels when the source has 2D keypoints.
/// </summary>
/// <param name="ClipId">Stable id: dataset/subject/action.camera@start.</param>
/// <param name="Dataset">Dataset kind name.</param>
/// <param name="Subject">Subject id.</param>
/// <param name="Action">Action or sequence name.</param>
/// <param name="Camera">Camera id or "world".</param>
/// <param name="StartFrame">Index of the clip's first frame in its sequence.</param>
/// <param name="Fps">Frames per second.</param>
/// <param name="Split">train, val or test.</param>
/// <param name="Pose3d">T x 17 x 3 floats, universal frame, mm.</param>
/// <param name="Pose2d">Optional T x 17 x 2 floats, pixels.</param>
public sealed record Clip(
    string ClipId,
    string Dataset,
    string Subject,
    string Action,
    string Camera,
    int StartFrame,
    float Fps,
    string Split,
    float[] Pose3d,
    float[]? Pose2d);
