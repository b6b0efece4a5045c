using System.Runtime.InteropServices;

namespace PoseCluster.Models.Native;

/// <summary>Owns a pc_model*; pc_model_destroy on release.</summary>
internal sealed class ModelHandle : SafeHandle
{
    public ModelHandle()
        : base(0, ownsHandle: true)
    {
    }

    public ModelHandle(nint handle)
        : base(0, ownsHandle: true)
    {
        SetHandle(handle);
    }

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        NativeMethods.pc_model_destroy(handle);
        return true;
    }
}
