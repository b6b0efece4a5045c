using PoseCluster.Models;
using PoseCluster.Models.Training;
using PoseCluster.Configuration;

namespace PoseCluster.Actors.Training;

/// <summary>
/// posecluster.model, posecluster.heatpose and posecluster.training read into the Models options: the
/// preset first, then every setting present overrides it.
/// </summary>
/// <param name="Model">Model, HeatPose and optimizer sizes.</param>
/// <param name="Loader">Batching and the virtual camera.</param>
/// <param name="Device">libtorch device ("cpu", "cuda:0").</param>
/// <param name="Threads">libtorch intra-op threads.</param>
/// <param name="CheckpointEvery">Steps between checkpoints.</param>
/// <param name="BucketBytes">Size of one flat gradient bucket.</param>
/// <param name="EncoderWeights">Optional TorchSharp checkpoint of the video adapter's encoder ("" = none).</param>
/// <param name="EvalMaxClips">Clips of the val (or test) split evaluated after training (0: no evaluation).</param>
/// <param name="CollectiveTimeout">How long the rendezvous and each collective may take before the rank fails.</param>
/// <param name="EvalEvery">Steps between evaluations during training (0: only after training).</param>
/// <param name="MetricsFlushInterval">How often rank 0 writes the step metrics it logged to the registry (one transaction each).</param>
public sealed record TrainingSettings(
    ModelOptions Model,
    ClipBatchLoaderOptions Loader,
    string Device,
    int Threads,
    int CheckpointEvery,
    long BucketBytes,
    string EncoderWeights,
    int EvalMaxClips,
    TimeSpan CollectiveTimeout,
    int EvalEvery,
    TimeSpan MetricsFlushInterval)
{
    /// <summary>Reads the settings from the effective configuration.</summary>
    public static TrainingSettings FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var model = config.GetConfigOrEmpty("posecluster.model");
        var heat = config.GetConfigOrEmpty("posecluster.heatpose");
        var training = config.GetConfigOrEmpty("posecluster.training");
        var video = model.GetConfigOrEmpty("video");
        var window = model.GetConfigOrEmpty("window");
        var camera = training.GetConfigOrEmpty("virtual-camera");
        var presetName = model.GetString("preset", "small");
        var preset = presetName is "tiny" or "small" or "base"
            ? ModelOptions.Preset(presetName)
            : throw new ConfigurationException($"posecluster.model.preset = '{presetName}' is not one of tiny, small, base");
        var options = preset with
        {
            Input = ParseEnum<InputKind>(model.GetString("input", "keypoints"), "posecluster.model.input"),
            Head = ParseEnum<HeadKind>(model.GetString("head", "heatpose"), "posecluster.model.head"),
            Frames = model.GetInt("frames", preset.Frames),
            EmbedDim = model.GetInt("embed-dim", preset.EmbedDim),
            Depth = model.GetInt("depth", preset.Depth),
            Heads = model.GetInt("heads", preset.Heads),
            MlpRatio = (float)model.GetDouble("mlp-ratio", preset.MlpRatio),
            WindowT = window.GetInt("t", preset.WindowT),
            WindowH = window.GetInt("h", preset.WindowH),
            WindowW = window.GetInt("w", preset.WindowW),
            HeadChannels = model.GetInt("head-channels", preset.HeadChannels),
            HeadTokenDim = model.GetInt("head-token-dim", preset.HeadTokenDim),
            ImageSize = video.GetInt("image-size", preset.ImageSize),
            PatchSize = video.GetInt("patch-size", preset.PatchSize),
            EncoderDim = video.GetInt("encoder-dim", preset.EncoderDim),
            EncoderDepth = video.GetInt("encoder-depth", preset.EncoderDepth),
            EncoderHeads = video.GetInt("encoder-heads", preset.EncoderHeads),
            Seed = model.GetLong("seed", preset.Seed),
            Grid = heat.GetInt("grid", preset.Grid),
            ExtentMm = (float)heat.GetDouble("extent-mm", preset.ExtentMm),
            SigmaVoxels = (float)heat.GetDouble("sigma-voxels", preset.SigmaVoxels),
            SideStepMm = (float)heat.GetDouble("c-mm", preset.SideStepMm),
            LearningRate = (float)training.GetDouble("lr", preset.LearningRate),
            WeightDecay = (float)training.GetDouble("weight-decay", preset.WeightDecay),
            WarmupSteps = training.GetInt("warmup-steps", preset.WarmupSteps),
            TotalSteps = training.GetInt("total-steps", preset.TotalSteps),
            MinLearningRateRatio = (float)training.GetDouble("min-lr-ratio", preset.MinLearningRateRatio),
            ClipNorm = (float)training.GetDouble("clip-norm", preset.ClipNorm),
        };
        var loader = new ClipBatchLoaderOptions
        {
            BatchSize = training.GetInt("batch-size", 4),
            Prefetch = training.GetInt("prefetch", 4),
            Seed = (int)options.Seed,
            Camera = new VirtualCameraOptions
            {
                DistanceMm = (float)camera.GetDouble("distance-mm", 4500),
                FocalPx = (float)camera.GetDouble("focal-px", 1000),
                AzimuthJitterDegrees = (float)camera.GetDouble("azimuth-jitter-degrees", 180),
            },
        };
        return new TrainingSettings(
            options,
            loader,
            model.GetString("device", "cpu"),
            model.GetInt("threads", 1),
            training.GetInt("checkpoint-every", 500),
            training.GetByteSize("bucket-size", 25_000_000),
            video.GetString("encoder-weights", ""),
            training.GetInt("eval-max-clips", 128),
            training.GetDuration("collective-timeout", TimeSpan.FromSeconds(60)),
            training.GetInt("eval-every", 0),
            training.GetDuration("metrics-flush-interval", TimeSpan.FromSeconds(2)));
    }

    /// <summary>
    /// The settings every rank of a data-parallel run must share, as a HOCON layer that
    /// <see cref="FromConfig"/> reads back to the same values over any node's configuration: model and HeatPose
    /// sizes, seed, batch size, optimizer and schedule, virtual camera, checkpoint and evaluation cadence, and the
    /// gradient bucket size (the ranks' all-reduces must match call for call). Node-local settings stay out:
    /// device, threads, encoder weights, prefetch, collective timeout, metrics flush interval.
    /// </summary>
    public string SharedLayer()
    {
        var m = Model;
        var c = Loader.Camera;
        static string F(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        static string I(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var text = new System.Text.StringBuilder();
        text.AppendLine("posecluster.model {")
            .AppendLine($"  input = {Config.Quote(m.Input.ToString().ToLowerInvariant())}, head = {Config.Quote(m.Head.ToString().ToLowerInvariant())}")
            .AppendLine($"  frames = {I(m.Frames)}, embed-dim = {I(m.EmbedDim)}, depth = {I(m.Depth)}, heads = {I(m.Heads)}, mlp-ratio = {F(m.MlpRatio)}")
            .AppendLine($"  window {{ t = {I(m.WindowT)}, h = {I(m.WindowH)}, w = {I(m.WindowW)} }}")
            .AppendLine($"  head-channels = {I(m.HeadChannels)}, head-token-dim = {I(m.HeadTokenDim)}, seed = {I(m.Seed)}")
            .AppendLine($"  video {{ image-size = {I(m.ImageSize)}, patch-size = {I(m.PatchSize)}, encoder-dim = {I(m.EncoderDim)}, encoder-depth = {I(m.EncoderDepth)}, encoder-heads = {I(m.EncoderHeads)} }}")
            .AppendLine("}")
            .AppendLine($"posecluster.heatpose {{ grid = {I(m.Grid)}, extent-mm = {F(m.ExtentMm)}, sigma-voxels = {F(m.SigmaVoxels)}, c-mm = {F(m.SideStepMm)} }}")
            .AppendLine("posecluster.training {")
            .AppendLine($"  batch-size = {I(Loader.BatchSize)}, lr = {F(m.LearningRate)}, weight-decay = {F(m.WeightDecay)}, warmup-steps = {I(m.WarmupSteps)}")
            .AppendLine($"  total-steps = {I(m.TotalSteps)}, min-lr-ratio = {F(m.MinLearningRateRatio)}, clip-norm = {F(m.ClipNorm)}")
            .AppendLine($"  checkpoint-every = {I(CheckpointEvery)}, bucket-size = {I(BucketBytes)}, eval-max-clips = {I(EvalMaxClips)}, eval-every = {I(EvalEvery)}")
            .AppendLine($"  virtual-camera {{ distance-mm = {F(c.DistanceMm)}, focal-px = {F(c.FocalPx)}, azimuth-jitter-degrees = {F(c.AzimuthJitterDegrees)} }}")
            .AppendLine("}");
        return text.ToString();
    }

    private static T ParseEnum<T>(string value, string path)
        where T : struct, Enum =>
        Enum.TryParse<T>(value.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var parsed)
            ? parsed
            : throw new ConfigurationException($"{path} = '{value}' is not one of {string.Join(", ", Enum.GetNames<T>()).ToLowerInvariant()}");
}
