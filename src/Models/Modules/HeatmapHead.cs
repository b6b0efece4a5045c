using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PoseCluster.Models.Modules;

/// <summary>
/// The heatmap task head (paper §4.1, "3 convolutional neural networks"): one frame's tokens [F, N, C] →
/// per-joint HeatPose logits [F, J, G³]. Tokens are normalized, projected and flattened into a coarse
/// G/4 volume of <c>head-channels</c> channels, then three 3x3x3 convolutions with trilinear x2 upsampling
/// between them; the last gives one G³ volume per joint. (Upsampling + convolution rather than transposed
/// convolutions: CPU ConvTranspose3d is several times slower.)
/// </summary>
internal sealed class HeatmapHead : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm norm;
    private readonly Linear token_proj;
    private readonly Linear to_volume;
    private readonly Conv3d conv1;
    private readonly Conv3d conv2;
    private readonly Conv3d conv3;
    private readonly long channels;
    private readonly long coarse;

    public HeatmapHead(ModelOptions options, long tokensPerFrame)
        : base(nameof(HeatmapHead))
    {
        channels = options.HeadChannels;
        coarse = options.Grid / 4;
        norm = nn.LayerNorm(options.EmbedDim);
        token_proj = nn.Linear(options.EmbedDim, options.HeadTokenDim);
        to_volume = nn.Linear(tokensPerFrame * options.HeadTokenDim, channels * coarse * coarse * coarse);
        conv1 = nn.Conv3d(channels, channels / 2, 3, padding: 1);
        conv2 = nn.Conv3d(channels / 2, channels / 4, 3, padding: 1);
        conv3 = nn.Conv3d(channels / 4, options.Joints, 3, padding: 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = token_proj.forward(norm.forward(input)).flatten(1);
        x = nn.functional.gelu(to_volume.forward(x)).view(-1, channels, coarse, coarse, coarse);
        x = Upsample(nn.functional.gelu(conv1.forward(x)));
        x = Upsample(nn.functional.gelu(conv2.forward(x)));
        return conv3.forward(x).flatten(2).MoveToOuterDisposeScope();
    }

    private static Tensor Upsample(Tensor x) =>
        nn.functional.interpolate(x, scale_factor: [2.0, 2.0, 2.0], mode: InterpolationMode.Trilinear, align_corners: false);
}
