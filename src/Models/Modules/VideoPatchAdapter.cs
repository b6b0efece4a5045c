using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PoseCluster.Models.Modules;

/// <summary>
/// The spatial transformer for video input (paper §4.1, CLIP-like ViT): frames [F, 3, H, W] → patch tokens
/// [F, P, embed]: patch embedding, class token, positional embedding, ln_pre, pre-LN encoder blocks,
/// ln_post, projection to the temporal transformer's width (the class token is dropped).
/// Parameter names follow OpenAI CLIP's visual encoder so converted weights load by name.
/// </summary>
internal sealed class VideoPatchAdapter : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly Parameter class_embedding;
    private readonly Parameter positional_embedding;
    private readonly LayerNorm ln_pre;
    private readonly ModuleList<ClipEncoderBlock> blocks;
    private readonly LayerNorm ln_post;
    private readonly Linear to_embed;

    public VideoPatchAdapter(ModelOptions options)
        : base(nameof(VideoPatchAdapter))
    {
        long dim = options.EncoderDim, side = options.ImageSize / options.PatchSize;
        conv1 = nn.Conv2d(3, dim, options.PatchSize, stride: options.PatchSize, bias: false);
        class_embedding = nn.Parameter(torch.randn(dim) * Math.Pow(dim, -0.5));
        positional_embedding = nn.Parameter(torch.randn((side * side) + 1, dim) * 0.01);
        ln_pre = nn.LayerNorm(dim);
        blocks = new ModuleList<ClipEncoderBlock>();
        for (var i = 0; i < options.EncoderDepth; i++)
        {
            blocks.Add(new ClipEncoderBlock(dim, options.EncoderHeads));
        }

        ln_post = nn.LayerNorm(dim);
        to_embed = nn.Linear(dim, options.EmbedDim);
        RegisterComponents();
    }

    /// <summary>The encoder's named parameters (for loading converted CLIP weights).</summary>
    public IEnumerable<(string Name, Parameter Parameter)> EncoderParameters => named_parameters();

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = conv1.forward(input).flatten(2).transpose(1, 2);
        var cls = class_embedding.view(1, 1, -1).expand(x.shape[0], 1, x.shape[2]);
        x = ln_pre.forward(torch.cat([cls, x], 1) + positional_embedding);
        foreach (var block in blocks)
        {
            x = block.forward(x);
        }

        x = ln_post.forward(x[.., 1..]);
        return to_embed.forward(x).MoveToOuterDisposeScope();
    }
}
