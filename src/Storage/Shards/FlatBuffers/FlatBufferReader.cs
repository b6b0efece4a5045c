using System.Buffers.Binary;
using System.Text;

namespace PoseCluster.Storage.Shards.FlatBuffers;

/// <summary>
/// A table inside a FlatBuffers buffer, read in place. Every offset is bounds-checked against the
/// buffer, so a corrupted buffer gives a <see cref="FlatBufferFormatException"/> rather than garbage.
/// </summary>
internal readonly struct FlatBufferReader
{
    private readonly ReadOnlyMemory<byte> buffer;
    private readonly int vtable;
    private readonly int vtableSize;
    private readonly int tableSize;

    private FlatBufferReader(ReadOnlyMemory<byte> buffer, int position)
    {
        this.buffer = buffer;
        Position = position;
        Check(position, 4);
        vtable = checked(position - BinaryPrimitives.ReadInt32LittleEndian(buffer.Span[position..]));
        Check(vtable, 4);
        vtableSize = BinaryPrimitives.ReadUInt16LittleEndian(buffer.Span[vtable..]);
        tableSize = BinaryPrimitives.ReadUInt16LittleEndian(buffer.Span[(vtable + 2)..]);
        if (vtableSize < 4 || vtableSize % 2 != 0)
        {
            throw new FlatBufferFormatException(vtable, $"vtable size {vtableSize} is invalid");
        }

        Check(vtable, vtableSize);
        Check(position, Math.Max(4, tableSize));
    }

    /// <summary>Position of the table in its buffer.</summary>
    public int Position { get; }

    /// <summary>The root table of a finished buffer.</summary>
    public static FlatBufferReader Root(ReadOnlyMemory<byte> buffer)
    {
        if (buffer.Length < 8)
        {
            throw new FlatBufferFormatException(0, $"buffer of {buffer.Length} bytes is too short");
        }

        var offset = BinaryPrimitives.ReadUInt32LittleEndian(buffer.Span);
        if (offset >= (uint)buffer.Length)
        {
            throw new FlatBufferFormatException(0, $"root offset {offset} is outside the buffer");
        }

        return new FlatBufferReader(buffer, (int)offset);
    }

    public bool Has(int slot) => FieldPosition(slot) != 0;

    public byte GetByte(int slot, byte defaultValue = 0)
    {
        var at = FieldPosition(slot, 1);
        return at == 0 ? defaultValue : buffer.Span[at];
    }

    public bool GetBool(int slot, bool defaultValue = false) => Has(slot) ? GetByte(slot) != 0 : defaultValue;

    public short GetInt16(int slot, short defaultValue = 0)
    {
        var at = FieldPosition(slot, 2);
        return at == 0 ? defaultValue : BinaryPrimitives.ReadInt16LittleEndian(buffer.Span[at..]);
    }

    public int GetInt32(int slot, int defaultValue = 0)
    {
        var at = FieldPosition(slot, 4);
        return at == 0 ? defaultValue : BinaryPrimitives.ReadInt32LittleEndian(buffer.Span[at..]);
    }

    public long GetInt64(int slot, long defaultValue = 0)
    {
        var at = FieldPosition(slot, 8);
        return at == 0 ? defaultValue : BinaryPrimitives.ReadInt64LittleEndian(buffer.Span[at..]);
    }

    public FlatBufferReader? GetTable(int slot)
    {
        var target = Indirect(slot);
        return target < 0 ? null : new FlatBufferReader(buffer, target);
    }

    public string? GetString(int slot)
    {
        var target = Indirect(slot);
        return target < 0 ? null : ReadString(target);
    }

    /// <summary>Number of elements of the vector in <paramref name="slot"/> (0 when absent).</summary>
    public int GetVectorLength(int slot)
    {
        var target = Indirect(slot);
        return target < 0 ? 0 : ReadVectorLength(target, 1);
    }

    /// <summary>Element <paramref name="index"/> of a vector of tables.</summary>
    public FlatBufferReader GetTableElement(int slot, int index)
    {
        var element = VectorElement(slot, index, 4);
        return new FlatBufferReader(buffer, Follow(element));
    }

    /// <summary>Element <paramref name="index"/> of a vector of strings.</summary>
    public string GetStringElement(int slot, int index) => ReadString(Follow(VectorElement(slot, index, 4)));

    /// <summary>The bytes of struct element <paramref name="index"/> of a vector of structs.</summary>
    public ReadOnlySpan<byte> GetStructElement(int slot, int index, int structSize) =>
        buffer.Span.Slice(VectorElement(slot, index, structSize), structSize);

    private int VectorElement(int slot, int index, int elementSize)
    {
        var target = Indirect(slot);
        var length = target < 0 ? 0 : ReadVectorLength(target, elementSize);
        if ((uint)index >= (uint)length)
        {
            throw new FlatBufferFormatException(Position, $"vector index {index} is out of range 0..{length}");
        }

        return target + 4 + (index * elementSize);
    }

    private int ReadVectorLength(int position, int elementSize)
    {
        Check(position, 4);
        var length = BinaryPrimitives.ReadUInt32LittleEndian(buffer.Span[position..]);
        if ((ulong)length * (ulong)elementSize > (ulong)(buffer.Length - position - 4))
        {
            throw new FlatBufferFormatException(position, $"vector of {length} elements runs past the buffer end");
        }

        return (int)length;
    }

    private string ReadString(int position)
    {
        var length = ReadVectorLength(position, 1);
        return Encoding.UTF8.GetString(buffer.Span.Slice(position + 4, length));
    }

    /// <summary>Position of the object a uoffset field points to, or -1 when the slot is absent.</summary>
    private int Indirect(int slot)
    {
        var at = FieldPosition(slot, 4);
        return at == 0 ? -1 : Follow(at);
    }

    private int Follow(int offsetPosition)
    {
        Check(offsetPosition, 4);
        var offset = BinaryPrimitives.ReadUInt32LittleEndian(buffer.Span[offsetPosition..]);
        var target = (long)offsetPosition + offset;
        if (target >= buffer.Length)
        {
            throw new FlatBufferFormatException(offsetPosition, $"offset {offset} points past the buffer end");
        }

        return (int)target;
    }

    private int FieldPosition(int slot, int size = 1)
    {
        var entry = 4 + (2 * slot);
        if (entry + 2 > vtableSize)
        {
            return 0;
        }

        int offset = BinaryPrimitives.ReadUInt16LittleEndian(buffer.Span[(vtable + entry)..]);
        if (offset == 0)
        {
            return 0;
        }

        if (offset + size > tableSize)
        {
            throw new FlatBufferFormatException(Position, $"field {slot} lies outside its table");
        }

        return Position + offset;
    }

    private void Check(int position, int size)
    {
        if (position < 0 || (long)position + size > buffer.Length)
        {
            throw new FlatBufferFormatException(position, $"{size} bytes at {position} lie outside the buffer of {buffer.Length}");
        }
    }
}
