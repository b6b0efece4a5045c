using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PoseCluster.Models.Modules;

/// <summary>
/// Multi-head self-attention over [B, N, C] with an optional additive bias on the scores (paper Eq. 5:
/// softmax(QKᵀ/√d + B)·V), the bias broadcast against [B, heads, N, N].
/// </summary>
internal sealed class MultiHeadSelfAttention : nn.Module<Tensor, Tensor?, Tensor>
{
    private readonly Linear qkv;
    private readonly Linear proj;
    private readonly long heads;

    public MultiHeadSelfAttention(long dim, long heads)
        : base(nameof(MultiHeadSelfAttention))
    {
        qkv = nn.Linear(dim, 3 * dim);
        proj = nn.Linear(dim, dim);
        this.heads = heads;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input, Tensor? bias)
    {
        using var scope = NewDisposeScope();
        long b = input.shape[0], n = input.shape[1], c = input.shape[2];
        var parts = qkv.forward(input).reshape(b, n, 3, heads, c / heads).permute(2, 0, 3, 1, 4);
        var q = parts[0] * (1.0 / Math.Sqrt(c / heads));
        var scores = q.matmul(parts[1].transpose(-2, -1));
        if (bias is not null)
        {
            scores = scores + bias;
        }

        var attended = scores.softmax(-1).matmul(parts[2]).transpose(1, 2).reshape(b, n, c);
        return proj.forward(attended).MoveToOuterDisposeScope();
    }
}
