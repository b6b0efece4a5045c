using System.Buffers;
using System.Runtime.InteropServices;

namespace PoseCluster.Storage.Shards.Arrow;

/// <summary>One body buffer of a record batch being written; writes itself without an intermediate copy.</summary>
internal abstract class ArrowBuffer
{
    public static readonly ArrowBuffer Empty = new BytesBuffer(ReadOnlyMemory<byte>.Empty);

    public abstract long Length { get; }

    public abstract ValueTask WriteToAsync(Stream output, CancellationToken cancellationToken);

    public static ArrowBuffer Of(ReadOnlyMemory<byte> bytes) => new BytesBuffer(bytes);

    /// <summary>Concatenates float arrays of <paramref name="elementsEach"/> values; a null entry is written as zeros.</summary>
    public static ArrowBuffer OfFloatArrays(IReadOnlyList<float[]?> arrays, int elementsEach) => new FloatArraysBuffer(arrays, elementsEach);

    private sealed class BytesBuffer(ReadOnlyMemory<byte> bytes) : ArrowBuffer
    {
        public override long Length => bytes.Length;

        public override ValueTask WriteToAsync(Stream output, CancellationToken cancellationToken) =>
            bytes.IsEmpty ? ValueTask.CompletedTask : output.WriteAsync(bytes, cancellationToken);
    }

    private sealed class FloatArraysBuffer(IReadOnlyList<float[]?> arrays, int elementsEach) : ArrowBuffer
    {
        public override long Length => (long)arrays.Count * elementsEach * sizeof(float);

        public override async ValueTask WriteToAsync(Stream output, CancellationToken cancellationToken)
        {
            byte[]? zeros = null;
            foreach (var array in arrays)
            {
                if (array is null)
                {
                    zeros ??= new byte[elementsEach * sizeof(float)];
                    await output.WriteAsync(zeros, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    if (array.Length != elementsEach)
                    {
                        throw new ArgumentException($"a list value has {array.Length} floats, the field needs {elementsEach}", nameof(arrays));
                    }

                    using var bytes = new FloatBytes(array);
                    await output.WriteAsync(bytes.Memory, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>The bytes of a float array as Memory, so async writes need no copy.</summary>
    private sealed class FloatBytes(float[] values) : MemoryManager<byte>
    {
        private GCHandle handle;

        public override Span<byte> GetSpan() => MemoryMarshal.AsBytes(values.AsSpan());

        public override unsafe MemoryHandle Pin(int elementIndex = 0)
        {
            if (!handle.IsAllocated)
            {
                handle = GCHandle.Alloc(values, GCHandleType.Pinned);
            }

            return new MemoryHandle((byte*)handle.AddrOfPinnedObject() + elementIndex, default, this);
        }

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
            if (handle.IsAllocated)
            {
                handle.Free();
            }
        }
    }
}
