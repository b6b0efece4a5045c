namespace PoseCluster.Models.Native;

/// <summary>Status codes of libposecluster_native (pc_status in posecluster_native.h) plus the binding's own.</summary>
public enum NativeStatus
{
    /// <summary>Success.</summary>
    Ok = 0,

    /// <summary>Null pointer, bad configuration, bad shape or length.</summary>
    InvalidArgument = 1,

    /// <summary>An error raised by libtorch.</summary>
    TorchError = 2,

    /// <summary>A file could not be read or written.</summary>
    IoError = 3,

    /// <summary>Allocation failed.</summary>
    OutOfMemory = 4,

    /// <summary>c10d / Gloo failure or timeout.</summary>
    DistributedError = 5,

    /// <summary>Any other C++ exception.</summary>
    UnknownError = 6,

    /// <summary>The native library was not found (binding only).</summary>
    LibraryMissing = 100,

    /// <summary>The native library has another ABI version (binding only).</summary>
    AbiMismatch = 101,
}
