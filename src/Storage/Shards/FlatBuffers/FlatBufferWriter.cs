using System.Buffers.Binary;
using System.Text;

namespace PoseCluster.Storage.Shards.FlatBuffers;

/// <summary>
/// Serializes a tree of <see cref="FlatBufferNode"/> into FlatBuffers binary form: a root uoffset,
/// then each object front to back (a table's vtable just before it, children after their parent).
/// Alignment is absolute from the buffer start, so the buffer must be placed 8-byte aligned.
/// </summary>
internal static class FlatBufferWriter
{
    public static byte[] Serialize(FlatBufferNode root)
    {
        var output = new Output();
        output.Reserve(sizeof(uint));
        var rootPosition = Write(output, root);
        output.PatchOffset(0, rootPosition);
        output.AlignTo(8);
        return output.ToArray();
    }

    private static int Write(Output output, FlatBufferNode node) => node switch
    {
        FlatBufferTable table => WriteTable(output, table),
        FlatBufferString text => WriteString(output, text.Value),
        FlatBufferNodeVector vector => WriteNodeVector(output, vector),
        FlatBufferStructVector structs => WriteStructVector(output, structs),
        _ => throw new ArgumentException($"unknown flatbuffer node {node.GetType().Name}", nameof(node)),
    };

    private static int WriteTable(Output output, FlatBufferTable table)
    {
        var slotCount = table.Slots.Count == 0 ? 0 : table.Slots.Max(s => s.Slot) + 1;
        var vtableSize = 4 + (2 * slotCount);
        output.AlignTo(2);
        var vtablePosition = output.Reserve(vtableSize);

        var maxAlignment = Math.Max(4, table.Slots.Count == 0 ? 4 : table.Slots.Max(s => s.Size));
        output.AlignTo(maxAlignment);
        var tableStart = output.Reserve(sizeof(int));
        output.WriteInt32(tableStart, tableStart - vtablePosition);

        var fieldOffsets = new int[slotCount];
        var children = new List<(int Position, FlatBufferNode Target)>();
        // Largest first keeps padding between fields small.
        foreach (var slot in table.Slots.OrderByDescending(s => s.Size))
        {
            output.AlignTo(slot.Size);
            var position = output.Reserve(slot.Size);
            fieldOffsets[slot.Slot] = position - tableStart;
            if (slot.Scalar is not null)
            {
                output.WriteBytes(position, slot.Scalar);
            }
            else
            {
                children.Add((position, slot.Target!));
            }
        }

        var tableLength = output.Length - tableStart;
        output.WriteUInt16(vtablePosition, checked((ushort)vtableSize));
        output.WriteUInt16(vtablePosition + 2, checked((ushort)tableLength));
        for (var i = 0; i < slotCount; i++)
        {
            output.WriteUInt16(vtablePosition + 4 + (2 * i), checked((ushort)fieldOffsets[i]));
        }

        foreach (var (position, target) in children)
        {
            output.PatchOffset(position, Write(output, target));
        }

        return tableStart;
    }

    private static int WriteString(Output output, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        output.AlignTo(4);
        var start = output.Reserve(sizeof(uint) + bytes.Length + 1);
        output.WriteInt32(start, bytes.Length);
        output.WriteBytes(start + 4, bytes);
        return start;
    }

    private static int WriteNodeVector(Output output, FlatBufferNodeVector vector)
    {
        output.AlignTo(4);
        var start = output.Reserve(sizeof(uint) * (1 + vector.Elements.Count));
        output.WriteInt32(start, vector.Elements.Count);
        for (var i = 0; i < vector.Elements.Count; i++)
        {
            var slot = start + 4 + (4 * i);
            output.PatchOffset(slot, Write(output, vector.Elements[i]));
        }

        return start;
    }

    private static int WriteStructVector(Output output, FlatBufferStructVector vector)
    {
        // The elements, not the length prefix, carry the struct's alignment.
        var alignment = Math.Max(4, vector.Alignment);
        output.AlignTo(4);
        while ((output.Length + 4) % alignment != 0)
        {
            output.Reserve(4);
        }

        var start = output.Reserve(sizeof(uint) + vector.Data.Length);
        output.WriteInt32(start, vector.Count);
        output.WriteBytes(start + 4, vector.Data);
        return start;
    }

    /// <summary>A growable byte buffer with random-access patching.</summary>
    private sealed class Output
    {
        private byte[] bytes = new byte[256];

        public int Length { get; private set; }

        public int Reserve(int count)
        {
            var start = Length;
            if (Length + count > bytes.Length)
            {
                Array.Resize(ref bytes, Math.Max(bytes.Length * 2, Length + count));
            }

            Length += count;
            return start;
        }

        public void AlignTo(int alignment)
        {
            var padding = (alignment - (Length % alignment)) % alignment;
            Reserve(padding);
        }

        public void WriteBytes(int position, ReadOnlySpan<byte> value) => value.CopyTo(bytes.AsSpan(position));

        public void WriteInt32(int position, int value) => BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(position), value);

        public void WriteUInt16(int position, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(position), value);

        /// <summary>A uoffset is relative to its own position and always forward.</summary>
        public void PatchOffset(int position, int target) => WriteInt32(position, target - position);

        public byte[] ToArray() => bytes.AsSpan(0, Length).ToArray();
    }
}
