using PoseCluster.Models.Native;

namespace PoseCluster.Models;

/// <summary>
/// A c10d ProcessGroupGloo over a TCPStore rendezvous (rank 0 hosts the store at host:port). Every
/// collective waits at most the timeout given at creation.
/// </summary>
public sealed unsafe class ProcessGroup : IDisposable
{
    private readonly ProcessGroupHandle _handle;

    private ProcessGroup(ProcessGroupHandle handle, int rank, int worldSize)
    {
        _handle = handle;
        Rank = rank;
        WorldSize = worldSize;
    }

    /// <summary>This process's rank.</summary>
    public int Rank { get; }

    /// <summary>Number of ranks.</summary>
    public int WorldSize { get; }

    /// <summary>Joins (rank 0: hosts) the rendezvous; blocks until all ranks arrived or the timeout passed.</summary>
    public static ProcessGroup Create(string host, int port, int rank, int worldSize, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(host);
        NativeMethods.EnsureLoaded();
        NativeMethods.Check(NativeMethods.pc_pg_create(host, port, rank, worldSize, (int)Math.Clamp(timeout.TotalMilliseconds, 1, int.MaxValue), out var raw));
        return new ProcessGroup(new ProcessGroupHandle(raw), rank, worldSize);
    }

    /// <summary>Replaces <paramref name="data"/> with its mean over all ranks.</summary>
    public void AllReduceMean(Span<float> data)
    {
        fixed (float* d = data)
        {
            NativeMethods.Check(NativeMethods.pc_pg_allreduce_mean(_handle, d, data.Length));
        }
    }

    /// <summary>Replaces <paramref name="data"/> with the root rank's copy.</summary>
    public void Broadcast(Span<float> data, int root)
    {
        fixed (float* d = data)
        {
            NativeMethods.Check(NativeMethods.pc_pg_broadcast(_handle, d, data.Length, root));
        }
    }

    /// <summary>Waits until every rank arrived.</summary>
    public void Barrier() => NativeMethods.Check(NativeMethods.pc_pg_barrier(_handle));

    /// <inheritdoc/>
    public void Dispose() => _handle.Dispose();
}
