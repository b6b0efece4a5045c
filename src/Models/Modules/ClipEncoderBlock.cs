using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PoseCluster.Models.Modules;

/// <summary>CLIP's residual block, [F, N, D] → [F, N, D]: pre-LN full self-attention, then a pre-LN QuickGELU MLP.</summary>
internal sealed class ClipEncoderBlock : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm ln_1;
    private readonly MultiHeadSelfAttention attn;
    private readonly LayerNorm ln_2;
    private readonly FeedForward mlp;

    public ClipEncoderBlock(long dim, long heads)
        : base(nameof(ClipEncoderBlock))
    {
        ln_1 = nn.LayerNorm(dim);
        attn = new MultiHeadSelfAttention(dim, heads);
        ln_2 = nn.LayerNorm(dim);
        mlp = new FeedForward(dim, 4 * dim, quickGelu: true);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = input + attn.forward(ln_1.forward(input), null);
        return (x + mlp.forward(ln_2.forward(x))).MoveToOuterDisposeScope();
    }
}
