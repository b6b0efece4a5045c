using TorchSharp;
using static TorchSharp.torch;

namespace PoseCluster.Models.Modules;

/// <summary>
/// SoloPose (paper §4, Fig. 3), many-to-many: a clip's input → one output per frame. Keypoints
/// [B, T, J, 2] or video [B, T, 3, H, W] → input adapter → tokens [B, T, rows, columns, C] → temporal
/// transformer → per frame: HeatPose logits [B*T, J, G³] or regressed joints [B*T, J, 3].
/// </summary>
internal sealed class SoloPoseNetwork : nn.Module<Tensor, Tensor>
{
    private readonly KeypointAdapter? keypoint_adapter;
    private readonly VideoPatchAdapter? video_adapter;
    private readonly TemporalTransformer temporal;
    private readonly HeatmapHead? heat_head;
    private readonly RegressionHead? regression_head;
    private readonly ModelOptions options;

    public SoloPoseNetwork(ModelOptions options)
        : base(nameof(SoloPoseNetwork))
    {
        this.options = options;
        var (_, rows, columns) = options.TokenGrid;
        if (options.Input == InputKind.Keypoints)
        {
            keypoint_adapter = new KeypointAdapter(options);
        }
        else
        {
            video_adapter = new VideoPatchAdapter(options);
        }

        temporal = new TemporalTransformer(options);
        if (options.Head == HeadKind.HeatPose)
        {
            heat_head = new HeatmapHead(options, rows * columns);
        }
        else
        {
            regression_head = new RegressionHead(options, rows * columns);
        }

        RegisterComponents();
    }

    /// <summary>The video adapter, when the model has one.</summary>
    public VideoPatchAdapter? VideoAdapter => video_adapter;

    /// <summary>Input → tokens [B, T, rows, columns, C]. Keypoints are centred on the root joint and divided by the clip's RMS radius, so any 2D unit works.</summary>
    public Tensor Adapt(Tensor input)
    {
        using var scope = NewDisposeScope();
        long b = input.shape[0], t = options.Frames;
        var (_, rows, columns) = options.TokenGrid;
        Tensor tokens;
        if (keypoint_adapter is not null)
        {
            var k = input - input[.., .., options.RootJoint..(options.RootJoint + 1)];
            var scale = k.pow(2).sum(-1).mean([1, 2], keepdim: true).sqrt().unsqueeze(-1).clamp_min(1e-6);
            tokens = keypoint_adapter.forward((k / scale).reshape(b * t, options.Joints, 2));
        }
        else
        {
            tokens = video_adapter!.forward(input.reshape(b * t, 3, options.ImageSize, options.ImageSize));
        }

        return tokens.view(b, t, rows, columns, options.EmbedDim).MoveToOuterDisposeScope();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var (_, rows, columns) = options.TokenGrid;
        var x = temporal.forward(Adapt(input));
        var frames = x.reshape(-1, rows * columns, options.EmbedDim);
        var output = heat_head is not null ? heat_head.forward(frames) : regression_head!.forward(frames);
        return output.MoveToOuterDisposeScope();
    }
}
