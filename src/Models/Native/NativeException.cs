namespace PoseCluster.Models.Native;

/// <summary>A failure reported by libposecluster_native (or in finding it), with the C status code.</summary>
public sealed class NativeException : Exception
{
    /// <summary>Creates the exception for a status and the native library's message.</summary>
    public NativeException(NativeStatus status, string message)
        : base(message)
    {
        Status = status;
    }

    /// <summary>The C status code (pc_status) or the binding's own code.</summary>
    public NativeStatus Status { get; }

    /// <summary>True when the caller passed something invalid (a bad shape, a bad setting).</summary>
    public bool IsBadInput => Status == NativeStatus.InvalidArgument;
}
