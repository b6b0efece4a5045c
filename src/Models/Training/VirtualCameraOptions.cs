namespace PoseCluster.Models.Training;

/// <summary>The pinhole camera that gives 2D input to clips without 2D keypoints (posecluster.training.virtual-camera).</summary>
public sealed record VirtualCameraOptions
{
    /// <summary>Horizontal distance from the clip's first-frame pelvis, mm.</summary>
    public float DistanceMm { get; init; } = 4500f;

    /// <summary>Focal length, pixels.</summary>
    public float FocalPx { get; init; } = 1000f;

    /// <summary>The camera's azimuth about the vertical axis is drawn uniformly in ±this many degrees around the subject's front.</summary>
    public float AzimuthJitterDegrees { get; init; } = 180f;
}
