using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace PoseCluster.Models.Distributed;

/// <summary>
/// Calls an <see cref="IRendezvousStore"/> from the shim's worker thread: pcg_store's callbacks are the
/// static [UnmanagedCallersOnly] methods below, their state a GCHandle to the bridge. Failures go back as
/// status codes with a message; the store's own exception is kept for the managed caller.
/// </summary>
internal sealed unsafe class StoreBridge
{
    private readonly IRendezvousStore store;
    private readonly CancellationToken cancellationToken;

    public StoreBridge(IRendezvousStore store, CancellationToken cancellationToken)
    {
        this.store = store;
        this.cancellationToken = cancellationToken;
    }

    /// <summary>The first exception a callback caught, if any.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>The pcg_store struct for this bridge; valid while <paramref name="handle"/> is allocated.</summary>
    public static GlooNativeMethods.NativeStore Callbacks(GCHandle handle) => new()
    {
        State = GCHandle.ToIntPtr(handle),
        Set = &Set,
        Get = &Get,
        Wait = &Wait,
    };

    [UnmanagedCallersOnly]
    private static int Set(nint state, byte* key, byte* data, long length, byte* error, int capacity) =>
        Run(state, error, capacity, bridge =>
        {
            var value = new ReadOnlySpan<byte>(data, checked((int)length)).ToArray();
            bridge.store.SetAsync(Utf8(key), value, bridge.cancellationToken).GetAwaiter().GetResult();
        });

    [UnmanagedCallersOnly]
    private static int Get(nint state, byte* key, nint sinkState, delegate* unmanaged<nint, byte*, long, void> sink, byte* error, int capacity) =>
        Run(state, error, capacity, bridge =>
        {
            var value = bridge.store.GetAsync(Utf8(key), bridge.cancellationToken).GetAwaiter().GetResult();
            fixed (byte* p = value)
            {
                sink(sinkState, p, value.Length);
            }
        });

    [UnmanagedCallersOnly]
    private static int Wait(nint state, byte** keys, int count, long timeoutMs, byte* error, int capacity) =>
        Run(state, error, capacity, bridge =>
        {
            var names = new string[count];
            for (var i = 0; i < count; i++)
            {
                names[i] = Utf8(keys[i]);
            }

            bridge.store.WaitAsync(names, TimeSpan.FromMilliseconds(timeoutMs), bridge.cancellationToken).GetAwaiter().GetResult();
        });

    private static string Utf8(byte* text) => Marshal.PtrToStringUTF8((nint)text) ?? "";

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Run(nint state, byte* error, int capacity, Action<StoreBridge> body)
    {
        var bridge = (StoreBridge)GCHandle.FromIntPtr(state).Target!;
        try
        {
            body(bridge);
            return 0;
        }
#pragma warning disable CA1031 // Nothing may unwind into native code: every failure becomes a status code.
        catch (Exception e)
#pragma warning restore CA1031
        {
            bridge.Failure ??= e;
            var message = Encoding.UTF8.GetBytes($"{e.GetType().Name}: {e.Message}");
            var length = Math.Min(message.Length, capacity - 1);
            message.AsSpan(0, length).CopyTo(new Span<byte>(error, capacity));
            error[length] = 0;
            return e is TimeoutException ? (int)CollectiveFailure.Timeout : (int)CollectiveFailure.Store;
        }
    }
}
