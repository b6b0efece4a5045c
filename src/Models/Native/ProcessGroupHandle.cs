using System.Runtime.InteropServices;

namespace PoseCluster.Models.Native;

/// <summary>Owns a pc_process_group*; pc_pg_destroy on release.</summary>
internal sealed class ProcessGroupHandle : SafeHandle
{
    public ProcessGroupHandle()
        : base(0, ownsHandle: true)
    {
    }

    public ProcessGroupHandle(nint handle)
        : base(0, ownsHandle: true)
    {
        SetHandle(handle);
    }

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        NativeMethods.pc_pg_destroy(handle);
        return true;
    }
}
