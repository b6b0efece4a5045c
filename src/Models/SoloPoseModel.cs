using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using PoseCluster.Models.Heatmaps;
using PoseCluster.Models.Modules;
using PoseCluster.Models.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PoseCluster.Models;

/// <summary>
/// One SoloPose network (TorchSharp) with its AdamW optimizer, warm-up + cosine schedule and gradient
/// clipping. Inputs are flat float spans: keypoints B*T*J*2 (any 2D unit; centred and scaled inside) or
/// video B*T*3*H*W; poses B*T*J*3 mm. Gradients live in one flat buffer that every parameter's .grad is a
/// view of, so data-parallel training all-reduces it in place (<see cref="DataParallelTrainer"/>). HeatPose
/// targets are written into a buffer kept across steps.
/// </summary>
public sealed class SoloPoseModel : IDisposable
{
    private static readonly byte[] Magic = "PCKPT\u0001\0\0"u8.ToArray();

    // libtorch's default generator is one per process: two models created at once on two threads (ranks of
    // one node) would interleave manual_seed and the initializers' draws. Creating one model at a time keeps
    // every model's initial parameters a function of its seed alone.
    private static readonly Lock DefaultGeneratorLock = new();

    private readonly SoloPoseNetwork network;
    private readonly AdamW optimizer;
    private readonly Parameter[] parameters;
    private readonly Tensor gradients;
    private readonly HeatPoseTargetBuilder targetBuilder;
    private readonly HeatPoseDecoder decoder;
    private Tensor? targets;

    // The default generator's state right after this model's initialization (or as its checkpoint recorded it):
    // what a checkpoint stores as the RNG, so its bytes do not depend on other models (ranks of other experiments)
    // living in the same process and drawing from the one generator meanwhile.
    private Tensor generatorState;

    private SoloPoseModel(ModelOptions options, Device device)
    {
        Options = options;
        Device = device;
        lock (DefaultGeneratorLock)
        {
            torch.random.manual_seed(options.Seed);
            network = new SoloPoseNetwork(options);
            generatorState = torch.get_rng_state();
        }

        network.to(device);
        parameters = [.. network.parameters()];
        ParameterCount = parameters.Sum(p => p.numel());
        gradients = torch.zeros(ParameterCount, device: device);
        RelinkGradients();
        optimizer = torch.optim.AdamW(parameters, lr: options.LearningRate, weight_decay: options.WeightDecay);
        targetBuilder = new HeatPoseTargetBuilder(options);
        decoder = new HeatPoseDecoder(options);
    }

    /// <summary>The sizes the model was created with.</summary>
    public ModelOptions Options { get; }

    /// <summary>The device the parameters live on.</summary>
    public Device Device { get; }

    /// <summary>Trainable parameters (the length of the flat parameter and gradient vectors).</summary>
    public long ParameterCount { get; }

    /// <summary>Optimizer steps taken (restored by <see cref="Load(Stream)"/>).</summary>
    public long Step { get; private set; }

    /// <summary>The flat gradient vector (every parameter's .grad is a view of it), on <see cref="Device"/>.</summary>
    internal Tensor Gradients => gradients;

    /// <summary>Creates a model on a device ("cpu", "cuda", "cuda:0"); parameters are initialized from the options' seed.</summary>
    public static SoloPoseModel Create(ModelOptions options, string device = "cpu")
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new SoloPoseModel(options, ParseDevice(device));
    }

    /// <summary>Sets libtorch's intra-op thread count for the process (one rank per core: 1).</summary>
    public static void SetThreads(int threads)
    {
        if (threads < 1)
        {
            throw new ModelOptionsException("threads", $"must be positive, not {threads}");
        }

        torch.set_num_threads(threads);
    }

    /// <summary>Floats of the input of a batch of clips.</summary>
    public long InputLength(int batch) => batch * Options.InputLengthPerClip;

    /// <summary>Floats of the poses (or predictions) of a batch of clips: B*T*J*3.</summary>
    public long PoseLength(int batch) => (long)batch * Options.Frames * Options.Joints * 3;

    /// <summary>Runs only the input adapter: {B, T, token rows, token columns, width}.</summary>
    public long[] AdapterShape(ReadOnlySpan<float> input, int batch)
    {
        using var scope = NewDisposeScope();
        using var noGrad = torch.no_grad();
        return network.Adapt(UploadInput(input, batch)).shape;
    }

    /// <summary>Zeroes the gradients, runs forward and backward and returns the loss.</summary>
    public float ForwardBackward(ReadOnlySpan<float> input, ReadOnlySpan<float> pose3d, int batch)
    {
        using var scope = NewDisposeScope();
        var x = UploadInput(input, batch);
        var poses = UploadPoses(pose3d, batch);
        network.train();
        gradients.zero_();
        var loss = Loss(network.forward(x), poses, pose3d, batch);
        loss.backward();
        return loss.item<float>();
    }

    /// <summary>The loss without gradients (evaluation mode).</summary>
    public float EvaluateLoss(ReadOnlySpan<float> input, ReadOnlySpan<float> pose3d, int batch)
    {
        using var scope = NewDisposeScope();
        using var noGrad = torch.no_grad();
        var x = UploadInput(input, batch);
        var poses = UploadPoses(pose3d, batch);
        network.eval();
        return Loss(network.forward(x), poses, pose3d, batch).item<float>();
    }

    /// <summary>Clips the gradients to the global norm, applies the scheduled learning rate and takes one AdamW step.</summary>
    public OptimizerStepResult OptimizerStep()
    {
        // Every temporary of the step is freed here, on this thread, not later by the finalizer thread while
        // another model (another rank in the same process) is mid-step.
        using var scope = NewDisposeScope();
        var norm = Options.ClipNorm > 0 ? nn.utils.clip_grad_norm_(parameters, Options.ClipNorm) : 0;
        var rate = LearningRateSchedule.Rate(Options, Step);
        foreach (var group in optimizer.ParamGroups)
        {
            group.LearningRate = rate;
        }

        optimizer.step();

        Step++;
        return new OptimizerStepResult((float)norm, (float)rate);
    }

    /// <summary>Decoded joints, mm, relative to the root joint: B*T*J*3 into <paramref name="joints"/>.</summary>
    public void Predict(ReadOnlySpan<float> input, int batch, Span<float> joints)
    {
        Require("joints", joints.Length, PoseLength(batch), $"{batch} clips x {Options.Frames} frames x {Options.Joints} joints x 3");
        using var scope = NewDisposeScope();
        using var noGrad = torch.no_grad();
        var x = UploadInput(input, batch);
        network.eval();
        var output = network.forward(x);
        if (Options.Head == HeadKind.HeatPose)
        {
            var probabilities = output.softmax(-1).cpu().contiguous();
            decoder.Decode(MemoryMarshal.Cast<byte, float>(probabilities.bytes), batch * Options.Frames, joints);
        }
        else
        {
            var mm = (output * (0.5 * Options.ExtentMm)).cpu().contiguous();
            MemoryMarshal.Cast<byte, float>(mm.bytes).CopyTo(joints);
        }
    }

    /// <summary>Copies the parameters, flattened in registration order, into <paramref name="destination"/> (ParameterCount floats).</summary>
    public void CopyParameters(Span<float> destination)
    {
        Require("destination", destination.Length, ParameterCount, "the parameter count");
        using var scope = NewDisposeScope();
        var offset = 0;
        foreach (var p in parameters)
        {
            var flat = p.detach().cpu().contiguous();
            var values = MemoryMarshal.Cast<byte, float>(flat.bytes);
            values.CopyTo(destination[offset..]);
            offset += values.Length;
        }
    }

    /// <summary>Writes model, optimizer, step, sampler position and the model's RNG state (the generator after its initialization; training draws nothing from it).</summary>
    public void Save(Stream stream, SamplerPosition position = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        var header = new CheckpointHeader(Step, position.Epoch, position.Batch, SizeFingerprint(Options));
        writer.Write(JsonSerializer.Serialize(header));
        network.save(writer);
        optimizer.save_state_dict(writer);
        generatorState.Save(writer);
        writer.Flush();
    }

    /// <summary>Writes a checkpoint file (see <see cref="Save(Stream, SamplerPosition)"/>).</summary>
    public void Save(string path, SamplerPosition position = default)
    {
        using var file = File.Create(path);
        Save(file, position);
    }

    /// <summary>Restores what <see cref="Save(Stream, SamplerPosition)"/> wrote and returns its sampler position; the sizes must match.</summary>
    public SamplerPosition Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var source = stream is FileStream f ? f.Name : "the checkpoint";
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            {
                throw new CheckpointException($"{source} is not a PoseCluster SoloPose checkpoint");
            }

            var header = JsonSerializer.Deserialize<CheckpointHeader>(reader.ReadString())
                ?? throw new CheckpointException($"{source} has an empty header");
            var mine = SizeFingerprint(Options);
            if (header.Sizes != mine)
            {
                throw new CheckpointException($"{source} was written by a model of different sizes ({header.Sizes}; this model: {mine})");
            }

            network.load(reader, strict: true);
            optimizer.load_state_dict(reader);
            var rng = torch.get_rng_state();
            rng.Load(reader);
            generatorState.Dispose();
            generatorState = rng;
            lock (DefaultGeneratorLock)
            {
                // Draws after a resume continue where the checkpointed run's would have (nothing in training draws).
                torch.set_rng_state(rng);
            }
            Step = header.Step;
            RelinkGradients();
            return new SamplerPosition(header.Epoch, header.Batch);
        }
        catch (EndOfStreamException e)
        {
            throw new CheckpointException($"{source} is truncated", e);
        }
    }

    /// <summary>Restores a checkpoint file (see <see cref="Load(Stream)"/>).</summary>
    public SamplerPosition Load(string path)
    {
        using var file = File.OpenRead(path);
        return Load(file);
    }

    /// <summary>Loads the video adapter's encoder from a checkpoint of named tensors written with TorchSharp's Module.save (for example converted CLIP weights).</summary>
    public void LoadEncoder(string path)
    {
        var adapter = network.VideoAdapter ?? throw new ModelOptionsException("video.encoder-weights", "the model has no video adapter (posecluster.model.input = keypoints)");
        adapter.load(path, strict: false);
        RelinkGradients();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        targets?.Dispose();
        generatorState.Dispose();
        gradients.Dispose();
        optimizer.Dispose();
        network.Dispose();
    }

    internal static Device ParseDevice(string device)
    {
        Device parsed;
        try
        {
            parsed = torch.device(device);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            throw new ModelOptionsException("device", $"'{device}' is not a device (cpu, cuda, cuda:N)");
        }

        if (parsed.type == DeviceType.CUDA && !torch.cuda.is_available())
        {
            throw new ModelOptionsException("device", $"'{device}' needs CUDA, which this build (TorchSharpBackend = cpu) or machine does not have");
        }

        return parsed;
    }

    /// <summary>The sizes that must agree between a checkpoint and the model loading it.</summary>
    private static string SizeFingerprint(ModelOptions o) =>
        string.Join(',', o.Input, o.Head, string.Join('.', o.Parents), o.RootJoint, o.Frames, o.ImageSize, o.PatchSize, o.EncoderDim, o.EncoderDepth, o.EncoderHeads,
            o.EmbedDim, o.Depth, o.Heads, o.WindowT, o.WindowH, o.WindowW, o.MlpRatio, o.HeadChannels, o.HeadTokenDim, o.Grid);

    private static void Require(string name, long actual, long expected, string shape)
    {
        if (actual != expected)
        {
            throw new InputShapeException(name, actual, expected, shape);
        }
    }

    /// <summary>
    /// Points every parameter's .grad at its slice of the flat buffer (backward accumulates into an existing .grad
    /// in place, so every step's gradients land there); again after a load, in case it replaced a .grad.
    /// </summary>
    private void RelinkGradients()
    {
        // The views' managed wrappers are freed here; the parameters hold their own native references.
        using var scope = NewDisposeScope();
        long offset = 0;
        foreach (var p in parameters)
        {
            p.grad = gradients.narrow(0, offset, p.numel()).view(p.shape);
            offset += p.numel();
        }
    }

    private Tensor Loss(Tensor output, Tensor poses, ReadOnlySpan<float> pose3d, int batch)
    {
        var frames = batch * Options.Frames;
        if (Options.Head == HeadKind.Regression)
        {
            var relative = poses - poses[.., Options.RootJoint..(Options.RootJoint + 1)];
            return nn.functional.mse_loss(output, relative / (0.5 * Options.ExtentMm));
        }

        var volume = (long)Options.Grid * Options.Grid * Options.Grid;
        if (targets is null || targets.shape[0] < frames)
        {
            targets?.Dispose();
            targets = torch.empty([frames, Options.Joints, volume], ScalarType.Float32).DetachFromDisposeScope();
        }

        var slice = targets.narrow(0, 0, frames);
        targetBuilder.Build(pose3d, frames, MemoryMarshal.Cast<byte, float>(slice.bytes), torch.get_num_threads(), centreOnRoot: true);
        return HeatPose.CrossEntropy(output, Device.type == DeviceType.CPU ? slice : slice.to(Device));
    }

    private Tensor UploadInput(ReadOnlySpan<float> input, int batch)
    {
        if (batch < 1)
        {
            throw new InputShapeException("batch", batch, 1, "at least one clip");
        }

        Require("input", input.Length, InputLength(batch), Options.Input == InputKind.Keypoints
            ? $"{batch} clips x {Options.Frames} frames x {Options.Joints} joints x 2"
            : $"{batch} clips x {Options.Frames} frames x 3 x {Options.ImageSize} x {Options.ImageSize}");
        long[] shape = Options.Input == InputKind.Keypoints
            ? [batch, Options.Frames, Options.Joints, 2]
            : [batch, Options.Frames, 3, Options.ImageSize, Options.ImageSize];
        return Upload(input, shape);
    }

    private Tensor UploadPoses(ReadOnlySpan<float> pose3d, int batch)
    {
        Require("pose3d", pose3d.Length, PoseLength(batch), $"{batch} clips x {Options.Frames} frames x {Options.Joints} joints x 3");
        return Upload(pose3d, [(long)batch * Options.Frames, Options.Joints, 3]);
    }

    private Tensor Upload(ReadOnlySpan<float> values, long[] shape)
    {
        var tensor = torch.empty(shape, ScalarType.Float32);
        MemoryMarshal.AsBytes(values).CopyTo(tensor.bytes);
        return Device.type == DeviceType.CPU ? tensor : tensor.to(Device);
    }

    private sealed record CheckpointHeader(long Step, int Epoch, int Batch, string Sizes);
}
