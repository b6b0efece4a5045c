using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PoseCluster.Models.Modules;

/// <summary>
/// The temporal transformer (paper §4.1): windowed attention blocks over a clip's token grid,
/// [B, T, H, W, C] → [B, T, H, W, C]; odd blocks shift their windows. Windows are clamped to the grid.
/// </summary>
internal sealed class TemporalTransformer : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<WindowedAttentionBlock> blocks;

    public TemporalTransformer(ModelOptions options)
        : base(nameof(TemporalTransformer))
    {
        var (frames, rows, columns) = options.TokenGrid;
        long[] grid = [frames, rows, columns];
        long[] window = [Math.Min(options.WindowT, frames), Math.Min(options.WindowH, rows), Math.Min(options.WindowW, columns)];
        blocks = new ModuleList<WindowedAttentionBlock>();
        for (var i = 0; i < options.Depth; i++)
        {
            blocks.Add(new WindowedAttentionBlock(options.EmbedDim, options.Heads, grid, window, shifted: i % 2 == 1, options.MlpRatio));
        }

        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = input;
        foreach (var block in blocks)
        {
            x = block.forward(x);
        }

        return x.MoveToOuterDisposeScope();
    }
}
