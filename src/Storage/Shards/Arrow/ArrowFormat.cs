using System.Buffers.Binary;
using PoseCluster.Storage.Shards.FlatBuffers;

namespace PoseCluster.Storage.Shards.Arrow;

/// <summary>
/// Constants and flatbuffer (de)serialization of the Arrow IPC metadata (format/Schema.fbs,
/// Message.fbs, File.fbs): slot numbers are the field order of those tables.
/// </summary>
internal static class ArrowFormat
{
    public const int Alignment = 8;
    public const uint Continuation = 0xFFFFFFFF;
    public const short MetadataVersionV5 = 4;
    public const byte HeaderSchema = 1;
    public const byte HeaderDictionaryBatch = 2;
    public const byte HeaderRecordBatch = 3;
    public const int BlockSize = 24;
    public const int FieldNodeSize = 16;
    public const int BufferSize = 16;

    /// <summary>"ARROW1" and two bytes of padding that start an Arrow file.</summary>
    public static ReadOnlySpan<byte> Magic => "ARROW1"u8;

    public static long Pad(long length) => (length + Alignment - 1) / Alignment * Alignment;

    // Type union ids of Schema.fbs.
    private const byte TypeInt = 2;
    private const byte TypeFloatingPoint = 3;
    private const byte TypeUtf8 = 5;
    private const byte TypeBool = 6;
    private const byte TypeFixedSizeList = 16;
    private const short PrecisionSingle = 1;

    public static FlatBufferTable SchemaTable(ArrowSchema schema) =>
        new FlatBufferTable()
            .AddInt16(0, 0) // endianness Little
            .AddOffset(1, new FlatBufferNodeVector(schema.Fields.Select(FieldTable).ToList()))
            .AddOffset(2, KeyValues(schema.Metadata));

    public static FlatBufferTable Message(byte headerType, FlatBufferNode header, long bodyLength) =>
        new FlatBufferTable()
            .AddInt16(0, MetadataVersionV5)
            .AddByte(1, headerType)
            .AddOffset(2, header)
            .AddInt64(3, bodyLength);

    public static FlatBufferTable RecordBatchTable(long length, IReadOnlyList<(long Length, long NullCount)> nodes, IReadOnlyList<(long Offset, long Length)> buffers)
    {
        var nodeBytes = new byte[nodes.Count * FieldNodeSize];
        for (var i = 0; i < nodes.Count; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(nodeBytes.AsSpan(i * FieldNodeSize), nodes[i].Length);
            BinaryPrimitives.WriteInt64LittleEndian(nodeBytes.AsSpan((i * FieldNodeSize) + 8), nodes[i].NullCount);
        }

        var bufferBytes = new byte[buffers.Count * BufferSize];
        for (var i = 0; i < buffers.Count; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bufferBytes.AsSpan(i * BufferSize), buffers[i].Offset);
            BinaryPrimitives.WriteInt64LittleEndian(bufferBytes.AsSpan((i * BufferSize) + 8), buffers[i].Length);
        }

        return new FlatBufferTable()
            .AddInt64(0, length)
            .AddOffset(1, new FlatBufferStructVector(nodeBytes, FieldNodeSize, 8))
            .AddOffset(2, new FlatBufferStructVector(bufferBytes, BufferSize, 8));
    }

    public static FlatBufferTable Footer(ArrowSchema schema, IReadOnlyList<(long Offset, int MetadataLength, long BodyLength)> blocks)
    {
        var blockBytes = new byte[blocks.Count * BlockSize];
        for (var i = 0; i < blocks.Count; i++)
        {
            var span = blockBytes.AsSpan(i * BlockSize, BlockSize);
            BinaryPrimitives.WriteInt64LittleEndian(span, blocks[i].Offset);
            BinaryPrimitives.WriteInt32LittleEndian(span[8..], blocks[i].MetadataLength);
            BinaryPrimitives.WriteInt64LittleEndian(span[16..], blocks[i].BodyLength);
        }

        return new FlatBufferTable()
            .AddInt16(0, MetadataVersionV5)
            .AddOffset(1, SchemaTable(schema))
            .AddOffset(2, new FlatBufferStructVector([], BlockSize, 8))
            .AddOffset(3, new FlatBufferStructVector(blockBytes, BlockSize, 8));
    }

    private static FlatBufferTable FieldTable(ArrowField field)
    {
        var (typeId, type) = field.Type switch
        {
            ArrowType.Int32 => (TypeInt, new FlatBufferTable().AddInt32(0, 32).AddBool(1, true)),
            ArrowType.Float32 => (TypeFloatingPoint, new FlatBufferTable().AddInt16(0, PrecisionSingle)),
            ArrowType.Utf8 => (TypeUtf8, new FlatBufferTable()),
            ArrowType.Bool => (TypeBool, new FlatBufferTable()),
            ArrowType.FixedSizeList => (TypeFixedSizeList, new FlatBufferTable().AddInt32(0, field.ListSize)),
            _ => throw new ArgumentOutOfRangeException(nameof(field), field.Type, "unsupported Arrow type"),
        };
        IReadOnlyList<FlatBufferNode> children = field.Child is null ? [] : [FieldTable(field.Child)];
        // Readers (Arrow C++) expect the children vector even when it is empty.
        return new FlatBufferTable()
            .AddOffset(0, new FlatBufferString(field.Name))
            .AddBool(1, field.Nullable)
            .AddByte(2, typeId)
            .AddOffset(3, type)
            .AddOffset(5, new FlatBufferNodeVector(children))
            .AddOffset(6, KeyValues(field.Metadata));
    }

    private static FlatBufferNodeVector? KeyValues(IReadOnlyDictionary<string, string> metadata) =>
        metadata.Count == 0
            ? null
            : new FlatBufferNodeVector(metadata.OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => (FlatBufferNode)new FlatBufferTable()
                    .AddOffset(0, new FlatBufferString(p.Key))
                    .AddOffset(1, new FlatBufferString(p.Value)))
                .ToList());

    /// <summary>Reads a Schema table; unsupported types are a <see cref="FlatBufferFormatException"/>-free typed problem string.</summary>
    public static ArrowSchema ReadSchema(FlatBufferReader schema)
    {
        if (schema.GetInt16(0) != 0)
        {
            throw new NotSupportedException("big-endian Arrow data is not supported");
        }

        var fields = new ArrowField[schema.GetVectorLength(1)];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = ReadField(schema.GetTableElement(1, i));
        }

        return new ArrowSchema(fields, ReadKeyValues(schema, 2));
    }

    private static ArrowField ReadField(FlatBufferReader field)
    {
        var name = field.GetString(0) ?? "";
        if (field.Has(4))
        {
            throw new NotSupportedException($"field '{name}' is dictionary-encoded, which clip shards do not use");
        }

        var typeId = field.GetByte(2);
        var type = field.GetTable(3);
        ArrowField? child = null;
        var listSize = 0;
        ArrowType arrowType;
        switch (typeId)
        {
            case TypeInt when type is { } t && t.GetInt32(0) == 32 && t.GetBool(1):
                arrowType = ArrowType.Int32;
                break;
            case TypeFloatingPoint when type is { } t && t.GetInt16(0) == PrecisionSingle:
                arrowType = ArrowType.Float32;
                break;
            case TypeUtf8:
                arrowType = ArrowType.Utf8;
                break;
            case TypeBool:
                arrowType = ArrowType.Bool;
                break;
            case TypeFixedSizeList when type is { } t && field.GetVectorLength(5) == 1:
                arrowType = ArrowType.FixedSizeList;
                listSize = t.GetInt32(0);
                child = ReadField(field.GetTableElement(5, 0));
                if (listSize <= 0 || child.Type != ArrowType.Float32)
                {
                    throw new NotSupportedException($"field '{name}': only fixed_size_list<float32> with a positive size is supported");
                }

                break;
            default:
                throw new NotSupportedException($"field '{name}' has Arrow type id {typeId}, which clip shards do not use");
        }

        return new ArrowField(name, arrowType, field.GetBool(1), ReadKeyValues(field, 6), listSize, child);
    }

    private static Dictionary<string, string> ReadKeyValues(FlatBufferReader table, int slot)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < table.GetVectorLength(slot); i++)
        {
            var pair = table.GetTableElement(slot, i);
            result[pair.GetString(0) ?? ""] = pair.GetString(1) ?? "";
        }

        return result;
    }
}
