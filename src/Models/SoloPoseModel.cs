using PoseCluster.Models.Native;

namespace PoseCluster.Models;

/// <summary>
/// One SoloPose model with its AdamW optimizer in libposecluster_native. Inputs are flat float spans:
/// keypoints B*T*J*2 (any 2D unit; centred and scaled inside), video B*T*3*H*W, poses B*T*J*3 mm. Spans
/// are pinned for the call only; nothing is allocated per step.
/// </summary>
public sealed unsafe class SoloPoseModel : IDisposable
{
    private readonly ModelHandle _handle;

    private SoloPoseModel(ModelHandle handle, ModelOptions options, long parameterCount)
    {
        _handle = handle;
        Options = options;
        ParameterCount = parameterCount;
    }

    /// <summary>The sizes the model was created with.</summary>
    public ModelOptions Options { get; }

    /// <summary>Trainable parameters (the length of the flat parameter and gradient views).</summary>
    public long ParameterCount { get; }

    /// <summary>Optimizer steps taken (restored by <see cref="Load"/>).</summary>
    public long Step
    {
        get
        {
            NativeMethods.Check(NativeMethods.pc_model_step(_handle, out var step));
            return step;
        }
    }

    /// <summary>Creates a model on a device ("cpu", "cuda:0"); parameters are initialized from the options' seed.</summary>
    public static SoloPoseModel Create(ModelOptions options, string device = "cpu")
    {
        ArgumentNullException.ThrowIfNull(options);
        NativeMethods.EnsureLoaded();
        var config = options.ToNative();
        NativeMethods.Check(NativeMethods.pc_model_create(config, device, out var raw));
        var handle = new ModelHandle(raw);
        NativeMethods.Check(NativeMethods.pc_model_parameter_count(handle, out var count));
        return new SoloPoseModel(handle, options, count);
    }

    /// <summary>Sets libtorch's intra-op thread count for the process (one per rank).</summary>
    public static void SetThreads(int threads)
    {
        NativeMethods.EnsureLoaded();
        NativeMethods.Check(NativeMethods.pc_set_num_threads(threads));
    }

    /// <summary>Floats of the input of a batch of clips.</summary>
    public long InputLength(int batch)
    {
        NativeMethods.Check(NativeMethods.pc_model_input_length(_handle, batch, out var length));
        return length;
    }

    /// <summary>Floats of the poses (or predictions) of a batch of clips: B*T*J*3.</summary>
    public long PoseLength(int batch) => (long)batch * Options.Frames * Options.Joints * 3;

    /// <summary>Runs only the input adapter: {B, T, token rows, token columns, width}.</summary>
    public long[] AdapterShape(ReadOnlySpan<float> input, int batch)
    {
        var shape = new long[5];
        fixed (float* i = input)
        fixed (long* s = shape)
        {
            NativeMethods.Check(NativeMethods.pc_model_adapter_shape(_handle, i, input.Length, batch, s));
        }

        return shape;
    }

    /// <summary>Zeroes the gradients, runs forward and backward and returns the loss.</summary>
    public float ForwardBackward(ReadOnlySpan<float> input, ReadOnlySpan<float> pose3d, int batch)
    {
        fixed (float* i = input)
        fixed (float* p = pose3d)
        {
            NativeMethods.Check(NativeMethods.pc_model_forward_backward(_handle, i, input.Length, p, pose3d.Length, batch, out var loss));
            return loss;
        }
    }

    /// <summary>The loss without gradients (evaluation mode).</summary>
    public float EvaluateLoss(ReadOnlySpan<float> input, ReadOnlySpan<float> pose3d, int batch)
    {
        fixed (float* i = input)
        fixed (float* p = pose3d)
        {
            NativeMethods.Check(NativeMethods.pc_model_evaluate_loss(_handle, i, input.Length, p, pose3d.Length, batch, out var loss));
            return loss;
        }
    }

    /// <summary>Clips the gradients, applies the warm-up + cosine learning rate and takes one AdamW step.</summary>
    public OptimizerStepResult OptimizerStep()
    {
        NativeMethods.Check(NativeMethods.pc_model_optimizer_step(_handle, out var norm, out var lr));
        return new OptimizerStepResult(norm, lr);
    }

    /// <summary>Copies gradients [offset, offset + destination.Length) of the flat gradient vector (a bucket).</summary>
    public void GetGradients(long offset, Span<float> destination)
    {
        fixed (float* d = destination)
        {
            NativeMethods.Check(NativeMethods.pc_model_get_gradients(_handle, offset, d, destination.Length));
        }
    }

    /// <summary>Overwrites gradients [offset, offset + source.Length) (an all-reduced bucket).</summary>
    public void SetGradients(long offset, ReadOnlySpan<float> source)
    {
        fixed (float* s = source)
        {
            NativeMethods.Check(NativeMethods.pc_model_set_gradients(_handle, offset, s, source.Length));
        }
    }

    /// <summary>Copies parameters [offset, offset + destination.Length) of the flat parameter vector.</summary>
    public void GetParameters(long offset, Span<float> destination)
    {
        fixed (float* d = destination)
        {
            NativeMethods.Check(NativeMethods.pc_model_get_parameters(_handle, offset, d, destination.Length));
        }
    }

    /// <summary>Overwrites parameters [offset, offset + source.Length) (rank 0's broadcast).</summary>
    public void SetParameters(long offset, ReadOnlySpan<float> source)
    {
        fixed (float* s = source)
        {
            NativeMethods.Check(NativeMethods.pc_model_set_parameters(_handle, offset, s, source.Length));
        }
    }

    /// <summary>Decoded joints, mm, relative to the root joint: B*T*J*3 into <paramref name="joints"/>.</summary>
    public void Predict(ReadOnlySpan<float> input, int batch, Span<float> joints)
    {
        fixed (float* i = input)
        fixed (float* j = joints)
        {
            NativeMethods.Check(NativeMethods.pc_model_predict(_handle, i, input.Length, batch, j, joints.Length));
        }
    }

    /// <summary>Writes model, optimizer, step and RNG state to a file.</summary>
    public void Save(string path) => NativeMethods.Check(NativeMethods.pc_model_save(_handle, path));

    /// <summary>Restores what <see cref="Save"/> wrote; the sizes must match.</summary>
    public void Load(string path) => NativeMethods.Check(NativeMethods.pc_model_load(_handle, path));

    /// <summary>Loads the video adapter's encoder from a torch.save'd state dict (for example converted CLIP weights).</summary>
    public void LoadEncoder(string path) => NativeMethods.Check(NativeMethods.pc_model_load_encoder(_handle, path));

    /// <inheritdoc/>
    public void Dispose() => _handle.Dispose();
}
