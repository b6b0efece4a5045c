using System.Runtime.InteropServices;

namespace PoseCluster.Models.Distributed;

/// <summary>Owns one pcg_context (a Gloo context and its worker thread); releasing it closes every connection.</summary>
internal sealed class ContextHandle : SafeHandle
{
    public ContextHandle()
        : base(0, ownsHandle: true)
    {
    }

    internal ContextHandle(nint handle)
        : base(0, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        GlooNativeMethods.pcg_context_destroy(handle);
        return true;
    }
}
