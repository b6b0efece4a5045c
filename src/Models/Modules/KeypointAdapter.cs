using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PoseCluster.Models.Modules;

/// <summary>
/// The 2D-keypoint input adapter: keypoints [F, J, 2] (root-centred, scale-normalized) → one token per joint
/// [F, J, embed] through a per-joint linear embedding (each joint has its own 2 x embed weights and bias).
/// </summary>
internal sealed class KeypointAdapter : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter bias;

    public KeypointAdapter(ModelOptions options)
        : base(nameof(KeypointAdapter))
    {
        weight = nn.Parameter(torch.randn(options.Joints, 2, options.EmbedDim) * Math.Sqrt(0.5));
        bias = nn.Parameter(torch.randn(options.Joints, options.EmbedDim) * 0.02);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var tokens = torch.einsum("fjc,jcd->fjd", input, weight);
        return tokens + bias;
    }
}
