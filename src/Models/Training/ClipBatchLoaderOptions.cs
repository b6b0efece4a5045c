namespace PoseCluster.Models.Training;

/// <summary>How <see cref="ClipBatchLoader"/> batches clips.</summary>
public sealed record ClipBatchLoaderOptions
{
    /// <summary>Clips per batch.</summary>
    public int BatchSize { get; init; } = 8;

    /// <summary>Batches prepared ahead of the trainer (the bound of the prefetch queue).</summary>
    public int Prefetch { get; init; } = 4;

    /// <summary>The camera for clips without 2D keypoints.</summary>
    public VirtualCameraOptions Camera { get; init; } = new();

    /// <summary>Seed of the azimuth jitter (combined with each clip's draw number).</summary>
    public int Seed { get; init; } = 42;
}
