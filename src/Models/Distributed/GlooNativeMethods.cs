using System.Runtime.InteropServices;

namespace PoseCluster.Models.Distributed;

/// <summary>The C ABI of src/Models/native/posecluster_gloo.h. Call <see cref="GlooLibrary.EnsureLoaded"/> first.</summary>
internal static unsafe partial class GlooNativeMethods
{
    [LibraryImport(GlooLibrary.ImportName)]
    internal static partial int pcg_abi_version();

    [LibraryImport(GlooLibrary.ImportName)]
    internal static partial nint pcg_last_error();

    [LibraryImport(GlooLibrary.ImportName)]
    internal static partial int pcg_context_create(int rank, int size, NativeStore* store, [MarshalAs(UnmanagedType.LPUTF8Str)] string host, long timeoutMs, out nint context);

    [LibraryImport(GlooLibrary.ImportName)]
    internal static partial void pcg_context_destroy(nint context);

    [LibraryImport(GlooLibrary.ImportName)]
    internal static partial int pcg_allreduce_f32(ContextHandle context, float* data, long count, int average);

    [LibraryImport(GlooLibrary.ImportName)]
    internal static partial int pcg_broadcast(ContextHandle context, void* data, long bytes, int root);

    [LibraryImport(GlooLibrary.ImportName)]
    internal static partial int pcg_barrier(ContextHandle context);

    /// <summary>Throws the typed error of a failed call, with the shim's message for this thread.</summary>
    internal static void Check(int status)
    {
        if (status != 0)
        {
            var message = Marshal.PtrToStringUTF8(pcg_last_error()) ?? "";
            var failure = Enum.IsDefined((CollectiveFailure)status) ? (CollectiveFailure)status : CollectiveFailure.Internal;
            throw new CollectiveException(failure, message.Length > 0 ? message : $"Gloo shim status {status}");
        }
    }

    /// <summary>pcg_store: the host's rendezvous callbacks.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct NativeStore
    {
        public nint State;
        public delegate* unmanaged<nint, byte*, byte*, long, byte*, int, int> Set;
        public delegate* unmanaged<nint, byte*, nint, delegate* unmanaged<nint, byte*, long, void>, byte*, int, int> Get;
        public delegate* unmanaged<nint, byte**, int, long, byte*, int, int> Wait;
    }
}
