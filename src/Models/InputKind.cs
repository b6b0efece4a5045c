namespace PoseCluster.Models;

/// <summary>Which input adapter feeds the temporal transformer.</summary>
public enum InputKind
{
    /// <summary>2D keypoints, one token per joint through a per-joint linear embedding.</summary>
    Keypoints = 0,

    /// <summary>Video frames through a CLIP-like ViT patch embedding and pre-LN encoder.</summary>
    Video = 1,
}
