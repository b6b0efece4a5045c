namespace PoseCluster.Models;

/// <summary>
/// Sizes of a SoloPose model, its HeatPose volumes and its optimizer (ARCHITECTURE §6); the HOCON
/// sections posecluster.model, posecluster.heatpose and posecluster.training map onto it.
/// </summary>
public sealed record ModelOptions
{
    /// <summary>The 17-joint Human3.6M kinematic tree (parent per joint, -1 for the pelvis).</summary>
    public static IReadOnlyList<int> H36mParents { get; } = [-1, 0, 1, 2, 0, 4, 5, 0, 7, 8, 9, 8, 11, 12, 8, 14, 15];

    /// <summary>A model that trains in seconds on one CPU core (tests, smoke runs).</summary>
    public static ModelOptions Tiny { get; } = new()
    {
        Frames = 4, EmbedDim = 64, Depth = 2, Heads = 4, WindowT = 2, HeadChannels = 32, HeadTokenDim = 8, Grid = 16,
        EncoderDim = 32, EncoderDepth = 1, EncoderHeads = 2, ImageSize = 32, PatchSize = 8, LearningRate = 2e-3f, WarmupSteps = 20, TotalSteps = 300,
    };

    /// <summary>
    /// The CPU default (docs/MODELS.md has the measured cost): the paper's 16-frame clips through a 4-block
    /// temporal transformer, HeatPose on a 16-voxel grid (125 mm voxels over 2 m).
    /// </summary>
    public static ModelOptions Small { get; } = new()
    {
        Frames = 16, EmbedDim = 64, Depth = 4, Heads = 4, WindowT = 4, HeadChannels = 16, HeadTokenDim = 8, Grid = 16,
    };

    /// <summary>Paper-sized, for GPUs: 192-wide tokens (the paper's spatial features), a CLIP ViT-B/16-shaped encoder, a 32-voxel grid.</summary>
    public static ModelOptions Base { get; } = new()
    {
        Frames = 16, EmbedDim = 192, Depth = 8, Heads = 6, WindowT = 4, WindowH = 7, WindowW = 7, HeadChannels = 64, HeadTokenDim = 16, Grid = 32,
        ImageSize = 224, PatchSize = 16, EncoderDim = 768, EncoderDepth = 12, EncoderHeads = 12,
    };

    /// <summary>The preset by name: tiny, small or base.</summary>
    public static ModelOptions Preset(string name) => name switch
    {
        "tiny" => Tiny,
        "small" => Small,
        "base" => Base,
        _ => throw new ArgumentException($"unknown model preset '{name}' (tiny, small, base)", nameof(name)),
    };

    /// <summary>Input adapter.</summary>
    public InputKind Input { get; init; } = InputKind.Keypoints;

    /// <summary>Output head.</summary>
    public HeadKind Head { get; init; } = HeadKind.HeatPose;

    /// <summary>Parent of each joint (-1 for the root); its length is the joint count.</summary>
    public IReadOnlyList<int> Parents { get; init; } = H36mParents;

    /// <summary>Joint the volumes are centred on and poses are made relative to (pelvis).</summary>
    public int RootJoint { get; init; }

    /// <summary>Frames per clip (T).</summary>
    public int Frames { get; init; } = 16;

    /// <summary>Video frame side in pixels (square).</summary>
    public int ImageSize { get; init; } = 224;

    /// <summary>ViT patch side in pixels.</summary>
    public int PatchSize { get; init; } = 16;

    /// <summary>ViT width.</summary>
    public int EncoderDim { get; init; } = 192;

    /// <summary>ViT blocks.</summary>
    public int EncoderDepth { get; init; } = 4;

    /// <summary>ViT attention heads.</summary>
    public int EncoderHeads { get; init; } = 3;

    /// <summary>Temporal transformer width.</summary>
    public int EmbedDim { get; init; } = 64;

    /// <summary>Temporal transformer blocks (odd ones use shifted windows).</summary>
    public int Depth { get; init; } = 4;

    /// <summary>Temporal transformer attention heads.</summary>
    public int Heads { get; init; } = 4;

    /// <summary>Window size along frames.</summary>
    public int WindowT { get; init; } = 4;

    /// <summary>Window size along token rows (1 row for keypoints).</summary>
    public int WindowH { get; init; } = 7;

    /// <summary>Window size along token columns (joints for keypoints; clamped to the grid).</summary>
    public int WindowW { get; init; } = 17;

    /// <summary>MLP hidden width over the block width.</summary>
    public float MlpRatio { get; init; } = 2f;

    /// <summary>Channels of the head's first 3D convolution (multiple of 4).</summary>
    public int HeadChannels { get; init; } = 32;

    /// <summary>Per-token width before one frame's tokens are flattened.</summary>
    public int HeadTokenDim { get; init; } = 8;

    /// <summary>HeatPose voxels per axis (G, multiple of 4).</summary>
    public int Grid { get; init; } = 32;

    /// <summary>HeatPose cube side, mm.</summary>
    public float ExtentMm { get; init; } = 2000f;

    /// <summary>Main Gaussian sigma in voxels.</summary>
    public float SigmaVoxels { get; init; } = 1f;

    /// <summary>Spacing c of side Gaussians along bones, mm.</summary>
    public float SideStepMm { get; init; } = 100f;

    /// <summary>AdamW peak learning rate.</summary>
    public float LearningRate { get; init; } = 1e-3f;

    /// <summary>AdamW decoupled weight decay.</summary>
    public float WeightDecay { get; init; } = 0.01f;

    /// <summary>Cosine floor as a fraction of the peak learning rate.</summary>
    public float MinLearningRateRatio { get; init; } = 0.05f;

    /// <summary>Global gradient-norm clip (0 = off).</summary>
    public float ClipNorm { get; init; } = 1f;

    /// <summary>Linear warm-up steps.</summary>
    public int WarmupSteps { get; init; } = 100;

    /// <summary>Steps of the cosine schedule.</summary>
    public int TotalSteps { get; init; } = 10000;

    /// <summary>Seed of the parameter initialization.</summary>
    public long Seed { get; init; } = 42;

    /// <summary>Joints per frame.</summary>
    public int Joints => Parents.Count;

    /// <summary>Voxel side in mm.</summary>
    public float VoxelMm => ExtentMm / Grid;

    /// <summary>The token grid of one clip: frames x token rows x token columns.</summary>
    public (int Frames, int Rows, int Columns) TokenGrid =>
        Input == InputKind.Keypoints ? (Frames, 1, Joints) : (Frames, ImageSize / PatchSize, ImageSize / PatchSize);

    /// <summary>Floats of one clip's input: T*J*2 keypoints or T*3*H*W pixels.</summary>
    public long InputLengthPerClip => Input == InputKind.Keypoints ? (long)Frames * Joints * 2 : (long)Frames * 3 * ImageSize * ImageSize;

    /// <summary>Checks every size before a tensor exists; a <see cref="ModelOptionsException"/> names the first bad setting.</summary>
    public void Validate()
    {
        Require(Parents.Count is >= 1 and <= 64, "joints", "a model has 1..64 joints");
        Require(Frames >= 1, "frames", "must be positive");
        Require(RootJoint >= 0 && RootJoint < Joints, "root-joint", "must be a joint index");
        for (var j = 0; j < Parents.Count; j++)
        {
            Require(Parents[j] == -1 || (Parents[j] >= 0 && Parents[j] < Joints && Parents[j] != j), "parents", $"parents[{j}] must be -1 or another joint index");
        }

        if (Input == InputKind.Video)
        {
            Require(PatchSize >= 1 && ImageSize >= PatchSize && ImageSize % PatchSize == 0, "video.image-size", "must be a positive multiple of video.patch-size");
            Require(EncoderDepth >= 1 && EncoderHeads >= 1 && EncoderDim % EncoderHeads == 0, "video.encoder-dim", "must be a multiple of video.encoder-heads (and encoder-depth >= 1)");
        }

        Require(Depth >= 1 && Heads >= 1 && EmbedDim >= Heads && EmbedDim % Heads == 0, "embed-dim", "must be a multiple of heads (and depth >= 1)");
        Require(WindowT >= 1 && WindowH >= 1 && WindowW >= 1, "window", "every window size must be positive");
        Require(MlpRatio > 0, "mlp-ratio", "must be positive");
        Require(HeadChannels >= 4 && HeadChannels % 4 == 0, "head-channels", "must be a positive multiple of 4");
        Require(HeadTokenDim >= 1, "head-token-dim", "must be positive");
        Require(Grid is >= 8 and <= 128 && Grid % 4 == 0, "heatpose.grid", "must be a multiple of 4 in 8..128");
        Require(ExtentMm > 0, "heatpose.extent-mm", "must be positive");
        Require(SigmaVoxels > 0, "heatpose.sigma-voxels", "must be positive");
        Require(SideStepMm > 0, "heatpose.c-mm", "must be positive");
        Require(LearningRate > 0, "training.lr", "must be positive");
        Require(WeightDecay >= 0, "training.weight-decay", "must not be negative");
        Require(MinLearningRateRatio is >= 0 and <= 1, "training.min-lr-ratio", "must be in 0..1");
        Require(ClipNorm >= 0, "training.clip-norm", "must not be negative");
        Require(WarmupSteps >= 0 && TotalSteps >= 1, "training.total-steps", "warmup-steps >= 0 and total-steps >= 1");
    }

    private static void Require(bool condition, string setting, string message)
    {
        if (!condition)
        {
            throw new ModelOptionsException(setting, message);
        }
    }
}
