using System.Numerics;

namespace PoseCluster.Datasets.Sources;

/// <summary>AIST++ loader settings; posecluster.datasets.aistpp.</summary>
public sealed record AistppOptions
{
    /// <summary>The pickle key read first (the bundle-adjusted keypoints).</summary>
    public string PreferredKey { get; init; } = "keypoints3d_optim";

    /// <summary>The key read when the preferred one is absent.</summary>
    public string FallbackKey { get; init; } = "keypoints3d";

    /// <summary>Frames per second.</summary>
    public double Fps { get; init; } = 60;

    /// <summary>Up in the world frame (y up).</summary>
    public Vector3 UpAxis { get; init; } = Vector3.UnitY;
}
