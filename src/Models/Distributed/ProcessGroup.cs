using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace PoseCluster.Models.Distributed;

/// <summary>
/// A group of ranks that all-reduce, broadcast and meet at barriers through Gloo (TCP full mesh). Every
/// collective works in place on the caller's memory (spans or CPU tensors' own storage, no copies), runs
/// on the group's native worker thread and waits at most <see cref="Timeout"/>; a peer that dies or hangs
/// gives a <see cref="CollectiveException"/>, never a hang. Not thread-safe: one caller at a time.
/// </summary>
public sealed unsafe class ProcessGroup : IDisposable
{
    private readonly ContextHandle handle;

    private ProcessGroup(ContextHandle handle, int rank, int worldSize, TimeSpan timeout)
    {
        this.handle = handle;
        Rank = rank;
        WorldSize = worldSize;
        Timeout = timeout;
    }

    /// <summary>This process's rank, 0..WorldSize-1.</summary>
    public int Rank { get; }

    /// <summary>Number of ranks.</summary>
    public int WorldSize { get; }

    /// <summary>How long the rendezvous and each collective may take.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>
    /// Joins the rendezvous through <paramref name="store"/> and connects to every other rank; blocks until
    /// all <paramref name="worldSize"/> ranks arrived or <paramref name="timeout"/> passed.
    /// <paramref name="host"/> is the address the other ranks reach this one at ("127.0.0.1" on one machine).
    /// </summary>
    public static ProcessGroup Create(int rank, int worldSize, IRendezvousStore store, string host, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrEmpty(host);
        if (worldSize < 1 || rank < 0 || rank >= worldSize)
        {
            throw new CollectiveException(CollectiveFailure.InvalidArgument, $"rank {rank} is not in 0..{worldSize - 1} (world size {worldSize})");
        }

        GlooLibrary.EnsureLoaded();
        var bridge = new StoreBridge(store, cancellationToken);
        var pin = GCHandle.Alloc(bridge);
        try
        {
            var callbacks = StoreBridge.Callbacks(pin);
            var milliseconds = (long)Math.Max(1, timeout.TotalMilliseconds);
            var status = GlooNativeMethods.pcg_context_create(rank, worldSize, &callbacks, host, milliseconds, out var raw);
            if (status != 0 && bridge.Failure is OperationCanceledException canceled)
            {
                throw canceled;
            }

            GlooNativeMethods.Check(status);
            return new ProcessGroup(new ContextHandle(raw), rank, worldSize, timeout);
        }
        finally
        {
            pin.Free();
        }
    }

    /// <summary><see cref="Create"/> on a thread of its own (the rendezvous blocks until every rank came).</summary>
    public static Task<ProcessGroup> CreateAsync(int rank, int worldSize, IRendezvousStore store, string host, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        Task.Factory.StartNew(() => Create(rank, worldSize, store, host, timeout, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>Replaces <paramref name="data"/> with its element-wise mean over all ranks.</summary>
    public void AllReduceMean(Span<float> data) => AllReduce(data, average: true);

    /// <summary>Replaces <paramref name="data"/> with its element-wise sum over all ranks.</summary>
    public void AllReduceSum(Span<float> data) => AllReduce(data, average: false);

    /// <summary>Replaces a contiguous CPU float32 tensor's values with their mean over all ranks, in its own memory.</summary>
    public void AllReduceMean(Tensor tensor) => AllReduce(FloatsOf(tensor), average: true);

    /// <summary>Replaces <paramref name="data"/> with the root rank's bytes.</summary>
    public void Broadcast(Span<byte> data, int root)
    {
        if (data.IsEmpty)
        {
            return;
        }

        fixed (byte* p = data)
        {
            GlooNativeMethods.Check(GlooNativeMethods.pcg_broadcast(handle, p, data.Length, root));
        }
    }

    /// <summary>Replaces a contiguous CPU tensor's values with the root rank's, in its own memory.</summary>
    public void Broadcast(Tensor tensor, int root)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        RequireCpuContiguous(tensor);
        Broadcast(tensor.bytes, root);
    }

    /// <summary>Returns once every rank called it.</summary>
    public void Barrier() => GlooNativeMethods.Check(GlooNativeMethods.pcg_barrier(handle));

    /// <inheritdoc/>
    public void Dispose() => handle.Dispose();

    private static Span<float> FloatsOf(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        RequireCpuContiguous(tensor);
        if (tensor.dtype != ScalarType.Float32)
        {
            throw new CollectiveException(CollectiveFailure.InvalidArgument, $"all-reduce needs a float32 tensor, not {tensor.dtype}");
        }

        return MemoryMarshal.Cast<byte, float>(tensor.bytes);
    }

    private static void RequireCpuContiguous(Tensor tensor)
    {
        if (tensor.device_type != DeviceType.CPU || !tensor.is_contiguous())
        {
            throw new CollectiveException(CollectiveFailure.InvalidArgument, "collectives work on contiguous CPU tensors (the Gloo shim has no GPU transport)");
        }
    }

    private void AllReduce(Span<float> data, bool average)
    {
        if (data.IsEmpty)
        {
            return;
        }

        fixed (float* p = data)
        {
            GlooNativeMethods.Check(GlooNativeMethods.pcg_allreduce_f32(handle, p, data.Length, average ? 1 : 0));
        }
    }
}
