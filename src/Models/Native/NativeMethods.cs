using System.Reflection;
using System.Runtime.InteropServices;

namespace PoseCluster.Models.Native;

/// <summary>
/// Every entry point of libposecluster_native, and the one place that maps its status codes to
/// <see cref="NativeException"/>. Loading resolves the library (next to the app or POSECLUSTER_NATIVE_DIR)
/// and checks its ABI version before the first call.
/// </summary>
internal static unsafe partial class NativeMethods
{
    /// <summary>The ABI version this binding was written against (PC_ABI_VERSION).</summary>
    public const int AbiVersion = 1;

    private const string Library = "posecluster_native";

    // Resolved once per process: the loader is process-wide state by nature.
    private static readonly Lazy<nint> Handle = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    static NativeMethods()
    {
        NativeLibrary.SetDllImportResolver(typeof(NativeMethods).Assembly, Resolve);
    }

    /// <summary>Loads the library and checks its ABI once; throws <see cref="NativeException"/> when it is missing or different.</summary>
    public static void EnsureLoaded() => _ = Handle.Value;

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) =>
        name == Library ? Handle.Value : 0;

    private static nint Load()
    {
        var path = NativeLibraryLocator.Locate(NativeLibraryLocator.CandidateDirectories());
        nint handle;
        try
        {
            handle = NativeLibrary.Load(path);
        }
        catch (DllNotFoundException e)
        {
            throw new NativeException(NativeStatus.LibraryMissing, $"{path} could not be loaded (is libtorch installed?): {e.Message}");
        }

        var version = ((delegate* unmanaged<int>)NativeLibrary.GetExport(handle, "pc_abi_version"))();
        if (version != AbiVersion)
        {
            throw new NativeException(NativeStatus.AbiMismatch, $"{path} has ABI version {version}, this build expects {AbiVersion}; rebuild with `make native`");
        }

        var size = ((delegate* unmanaged<int>)NativeLibrary.GetExport(handle, "pc_config_size"))();
        if (size != sizeof(NativeModelConfig))
        {
            throw new NativeException(NativeStatus.AbiMismatch, $"{path} has a pc_model_config of {size} bytes, this build expects {sizeof(NativeModelConfig)}");
        }

        return handle;
    }

    /// <summary>Throws the <see cref="NativeException"/> of a failed status with this thread's last-error message.</summary>
    public static void Check(int status)
    {
        if (status != 0)
        {
            throw new NativeException((NativeStatus)status, Marshal.PtrToStringUTF8(pc_last_error()) ?? "(no message)");
        }
    }

    [LibraryImport(Library)]
    internal static partial nint pc_last_error();

    [LibraryImport(Library)]
    internal static partial int pc_set_num_threads(int threads);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int pc_model_create(in NativeModelConfig config, string device, out nint model);

    [LibraryImport(Library)]
    internal static partial void pc_model_destroy(nint model);

    [LibraryImport(Library)]
    internal static partial int pc_model_parameter_count(ModelHandle model, out long count);

    [LibraryImport(Library)]
    internal static partial int pc_model_input_length(ModelHandle model, int batch, out long length);

    [LibraryImport(Library)]
    internal static partial int pc_model_adapter_shape(ModelHandle model, float* input, long inputLength, int batch, long* shape);

    [LibraryImport(Library)]
    internal static partial int pc_model_forward_backward(ModelHandle model, float* input, long inputLength, float* pose3d, long poseLength, int batch, out float loss);

    [LibraryImport(Library)]
    internal static partial int pc_model_evaluate_loss(ModelHandle model, float* input, long inputLength, float* pose3d, long poseLength, int batch, out float loss);

    [LibraryImport(Library)]
    internal static partial int pc_model_optimizer_step(ModelHandle model, out float gradNorm, out float lr);

    [LibraryImport(Library)]
    internal static partial int pc_model_step(ModelHandle model, out long step);

    [LibraryImport(Library)]
    internal static partial int pc_model_get_gradients(ModelHandle model, long offset, float* destination, long count);

    [LibraryImport(Library)]
    internal static partial int pc_model_set_gradients(ModelHandle model, long offset, float* source, long count);

    [LibraryImport(Library)]
    internal static partial int pc_model_get_parameters(ModelHandle model, long offset, float* destination, long count);

    [LibraryImport(Library)]
    internal static partial int pc_model_set_parameters(ModelHandle model, long offset, float* source, long count);

    [LibraryImport(Library)]
    internal static partial int pc_model_predict(ModelHandle model, float* input, long inputLength, int batch, float* joints, long jointsLength);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int pc_model_save(ModelHandle model, string path);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int pc_model_load(ModelHandle model, string path);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int pc_model_load_encoder(ModelHandle model, string path);

    [LibraryImport(Library)]
    internal static partial int pc_heatpose_targets(in NativeModelConfig config, float* pose3d, long poseLength, int frames, float* volumes, long volumesLength);

    [LibraryImport(Library)]
    internal static partial int pc_heatpose_decode(in NativeModelConfig config, float* probabilities, long volumesLength, int frames, float* joints, long jointsLength);

    [LibraryImport(Library)]
    internal static partial int pc_heatpose_loss(in NativeModelConfig config, float* logits, long volumesLength, float* pose3d, long poseLength, int frames, out float loss);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int pc_pg_create(string host, int port, int rank, int worldSize, int timeoutMs, out nint group);

    [LibraryImport(Library)]
    internal static partial void pc_pg_destroy(nint group);

    [LibraryImport(Library)]
    internal static partial int pc_pg_allreduce_mean(ProcessGroupHandle group, float* data, long count);

    [LibraryImport(Library)]
    internal static partial int pc_pg_broadcast(ProcessGroupHandle group, float* data, long count, int root);

    [LibraryImport(Library)]
    internal static partial int pc_pg_barrier(ProcessGroupHandle group);
}
