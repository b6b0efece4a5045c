using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PoseCluster.Models.Modules;

/// <summary>
/// The "w/o HeatPose" ablation head (paper §5.4.1): one frame's tokens [F, N, C] → joints [F, J, 3],
/// root-relative, in units of half the HeatPose cube's side (so the MSE is scale-free).
/// </summary>
internal sealed class RegressionHead : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm norm;
    private readonly Linear token_proj;
    private readonly Linear hidden;
    private readonly Linear output;
    private readonly long joints;

    public RegressionHead(ModelOptions options, long tokensPerFrame)
        : base(nameof(RegressionHead))
    {
        joints = options.Joints;
        norm = nn.LayerNorm(options.EmbedDim);
        token_proj = nn.Linear(options.EmbedDim, options.HeadTokenDim);
        hidden = nn.Linear(tokensPerFrame * options.HeadTokenDim, 4 * options.EmbedDim);
        output = nn.Linear(4 * options.EmbedDim, options.Joints * 3);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = token_proj.forward(norm.forward(input)).flatten(1);
        return output.forward(nn.functional.gelu(hidden.forward(x))).view(-1, joints, 3).MoveToOuterDisposeScope();
    }
}
