using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PoseCluster.Models.Modules;

/// <summary>The transformer MLP: [..., D] → Linear(D, hidden) → GELU (QuickGELU in CLIP blocks) → Linear(hidden, D).</summary>
internal sealed class FeedForward : nn.Module<Tensor, Tensor>
{
    private readonly Linear fc1;
    private readonly Linear fc2;
    private readonly bool quickGelu;

    public FeedForward(long dim, long hidden, bool quickGelu)
        : base(nameof(FeedForward))
    {
        fc1 = nn.Linear(dim, hidden);
        fc2 = nn.Linear(hidden, dim);
        this.quickGelu = quickGelu;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var hidden = fc1.forward(input);
        using var activated = quickGelu ? hidden * torch.sigmoid(1.702 * hidden) : nn.functional.gelu(hidden);
        return fc2.forward(activated);
    }
}
