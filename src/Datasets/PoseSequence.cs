using System.Numerics;
using PoseCluster.Datasets.Skeleton;

namespace PoseCluster.Datasets;

/// <summary>
/// One recorded sequence in the 17-joint Human3.6M skeleton, millimetres, in the source's own frame.
/// <see cref="Positions"/> is frames x 17 x 3 row-major; a frame that is invalid (NaN or missing in the
/// source) has <see cref="Valid"/> false and NaN coordinates.
/// </summary>
/// <param name="Dataset">Dataset kind name: h36m, 3dhp, aistpp, mads.</param>
/// <param name="Subject">Subject id as the source names it (S1, d01, ...).</param>
/// <param name="Action">Action or sequence name.</param>
/// <param name="Camera">Camera id, or "world" when the poses are in the world frame.</param>
/// <param name="Fps">Frames per second.</param>
/// <param name="UpAxis">Unit vector pointing up in the source frame (z up: (0,0,1); y down: (0,-1,0)).</param>
/// <param name="Positions">frames x 17 x 3 floats, mm.</param>
/// <param name="Valid">One flag per frame.</param>
/// <param name="Keypoints2D">Optional frames x 17 x 2 pixel coordinates.</param>
/// <param name="Calibration">Optional camera that <see cref="Keypoints2D"/> (or the camera frame) belongs to.</param>
/// <param name="Cameras">Optional cameras of the recording (world-frame sources: every calibrated view).</param>
public sealed record PoseSequence(
    string Dataset,
    string Subject,
    string Action,
    string Camera,
    double Fps,
    Vector3 UpAxis,
    float[] Positions,
    bool[] Valid,
    float[]? Keypoints2D = null,
    CameraCalibration? Calibration = null,
    IReadOnlyList<CameraCalibration>? Cameras = null)
{
    /// <summary>Floats per frame: 17 joints x 3 coordinates.</summary>
    public const int FloatsPerFrame = H36mSkeleton.JointCount * 3;

    /// <summary>Number of frames.</summary>
    public int FrameCount => Valid.Length;

    /// <summary>Number of valid frames.</summary>
    public int ValidFrameCount => Valid.Count(v => v);

    /// <summary>The 17 x 3 values of one frame.</summary>
    public ReadOnlySpan<float> Frame(int index) => Positions.AsSpan(index * FloatsPerFrame, FloatsPerFrame);
}
