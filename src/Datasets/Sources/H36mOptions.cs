using System.Numerics;

namespace PoseCluster.Datasets.Sources;

/// <summary>Human3.6M (VideoPose3D distribution) loader settings; posecluster.datasets.h36m.</summary>
public sealed record H36mOptions
{
    /// <summary>The 3D positions file (required): positions_3d, dict[subject][action] → (T, 32, 3) metres.</summary>
    public string Positions3dFile { get; init; } = "data_3d_h36m.npz";

    /// <summary>Optional 2D file: positions_2d, dict[subject][action] → 4 x (T, 17, 2) pixels; ignored when absent.</summary>
    public string Positions2dFile { get; init; } = "data_2d_h36m_gt.npz";

    /// <summary>Optional cameras JSON (VideoPose3D's intrinsics and per-subject extrinsics); ignored when absent.</summary>
    public string CamerasFile { get; init; } = "h36m_cameras.json";

    /// <summary>Which of the 4 cameras' 2D keypoints (and calibration) a world-frame sequence carries.</summary>
    public int Keypoints2dCamera { get; init; }

    /// <summary>Frames per second.</summary>
    public double Fps { get; init; } = 50;

    /// <summary>Up in the world frame (z up).</summary>
    public Vector3 UpAxis { get; init; } = Vector3.UnitZ;
}
