namespace PoseCluster.Storage.Shards.FlatBuffers;

/// <summary>
/// One object of a flatbuffer being built (table, string or vector). Objects are described as a tree
/// first and laid out by <see cref="FlatBufferWriter"/>, parents before children, so that every
/// unsigned offset points forward as the FlatBuffers format requires.
/// </summary>
internal abstract class FlatBufferNode;

/// <summary>A UTF-8 string object.</summary>
internal sealed class FlatBufferString(string value) : FlatBufferNode
{
    public string Value { get; } = value;
}

/// <summary>A vector of offsets to tables (or strings).</summary>
internal sealed class FlatBufferNodeVector(IReadOnlyList<FlatBufferNode> elements) : FlatBufferNode
{
    public IReadOnlyList<FlatBufferNode> Elements { get; } = elements;
}

/// <summary>A vector of inline structs, already encoded little-endian, <paramref name="elementSize"/> bytes each.</summary>
internal sealed class FlatBufferStructVector(byte[] data, int elementSize, int alignment) : FlatBufferNode
{
    public byte[] Data { get; } = data;

    public int ElementSize { get; } = elementSize;

    public int Alignment { get; } = alignment;

    public int Count => ElementSize == 0 ? 0 : Data.Length / ElementSize;
}

/// <summary>A table: numbered slots holding scalars or offsets to other objects; absent slots take the schema default.</summary>
internal sealed class FlatBufferTable : FlatBufferNode
{
    private readonly List<FlatBufferSlot> slots = [];

    public IReadOnlyList<FlatBufferSlot> Slots => slots;

    public FlatBufferTable AddBool(int slot, bool value) => AddScalar(slot, [value ? (byte)1 : (byte)0]);

    public FlatBufferTable AddByte(int slot, byte value) => AddScalar(slot, [value]);

    public FlatBufferTable AddInt16(int slot, short value) => AddScalar(slot, BitConverter.GetBytes(value));

    public FlatBufferTable AddInt32(int slot, int value) => AddScalar(slot, BitConverter.GetBytes(value));

    public FlatBufferTable AddInt64(int slot, long value) => AddScalar(slot, BitConverter.GetBytes(value));

    public FlatBufferTable AddOffset(int slot, FlatBufferNode? target)
    {
        if (target is not null)
        {
            slots.Add(new FlatBufferSlot(slot, null, target));
        }

        return this;
    }

    private FlatBufferTable AddScalar(int slot, byte[] littleEndian)
    {
        // BitConverter follows the machine; the format is little-endian and so are the machines we run on.
        if (!BitConverter.IsLittleEndian)
        {
            Array.Reverse(littleEndian);
        }

        slots.Add(new FlatBufferSlot(slot, littleEndian, null));
        return this;
    }
}

/// <summary>One slot of a table: either inline scalar bytes or an offset to another object.</summary>
internal sealed record FlatBufferSlot(int Slot, byte[]? Scalar, FlatBufferNode? Target)
{
    public int Size => Scalar?.Length ?? sizeof(uint);
}
