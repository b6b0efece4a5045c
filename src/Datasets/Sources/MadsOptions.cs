using System.Numerics;

namespace PoseCluster.Datasets.Sources;

/// <summary>MADS loader settings; posecluster.datasets.mads. Frame rate and up axis are not verified for the real data.</summary>
public sealed record MadsOptions
{
    /// <summary>Frames per second (synthetic data: 15).</summary>
    public double Fps { get; init; } = 15;

    /// <summary>Up in the world frame (synthetic data: z up).</summary>
    public Vector3 UpAxis { get; init; } = Vector3.UnitZ;
}
