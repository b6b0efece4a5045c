using Apache.Arrow;
using Apache.Arrow.Types;

namespace PoseCluster.Storage.Shards;

/// <summary>
/// Our own checks of the arrays Apache.Arrow reads, before any value is touched: the library checks
/// neither the buffers against the arrays' lengths nor string offsets, so a damaged file would read
/// out of range or return garbage. Only the types shard files use are accepted.
/// </summary>
internal static class ArrowColumns
{
    /// <summary>"utf8", "int32", "float32", "bool" or "fixed_size_list&lt;float32&gt;[N]"; null for any other type.</summary>
    public static string? TypeName(IArrowType type) => type switch
    {
        StringType => "utf8",
        Int32Type => "int32",
        FloatType => "float32",
        BooleanType => "bool",
        FixedSizeListType { ValueDataType: FloatType } list => $"fixed_size_list<float32>[{list.ListSize}]",
        _ => null,
    };

    /// <summary>Null when <paramref name="array"/> is whole (buffers long enough, offsets in range), else what is wrong.</summary>
    public static string? Problem(IArrowArray array)
    {
        var data = array.Data;
        if (data.Length < 0 || data.Offset < 0 || data.NullCount < 0 || data.NullCount > data.Length)
        {
            return $"length {data.Length}, offset {data.Offset} and null count {data.NullCount} do not fit together";
        }

        var end = (long)data.Offset + data.Length;
        if (data.NullCount > 0 && Buffer(data, 0).Length < (end + 7) / 8)
        {
            return $"its validity bitmap has {Buffer(data, 0).Length} bytes for {end} values";
        }

        switch (data.DataType)
        {
            case Int32Type or FloatType:
                return Need(data, 1, 4 * end, "values");
            case BooleanType:
                return Need(data, 1, (end + 7) / 8, "values");
            case StringType:
                return Need(data, 1, 4 * (end + 1), "offsets") ?? Offsets((StringArray)array);
            case FixedSizeListType { ValueDataType: FloatType } list:
                if (data.Children is not { Length: 1 } || data.Children[0].Length < end * list.ListSize)
                {
                    return $"its list values hold {(data.Children is { Length: 1 } ? data.Children[0].Length : 0)} floats, {end * list.ListSize} are needed";
                }

                var values = ((FixedSizeListArray)array).Values;
                return Problem(values) is { } problem ? $"list values: {problem}" : null;
            default:
                return $"type {data.DataType.Name} is not used in shard files";
        }
    }

    private static ArrowBuffer Buffer(ArrayData data, int index) => index < data.Buffers.Length ? data.Buffers[index] : ArrowBuffer.Empty;

    private static string? Need(ArrayData data, int index, long bytes, string what) =>
        Buffer(data, index).Length < bytes ? $"its {what} buffer has {Buffer(data, index).Length} bytes, {bytes} are needed" : null;

    private static string? Offsets(StringArray array)
    {
        var offsets = array.ValueOffsets;
        var bytes = array.Values.Length;
        var previous = offsets.Length > 0 ? offsets[0] : 0;
        for (var i = 0; i < offsets.Length; i++)
        {
            if (offsets[i] < previous || offsets[i] < 0 || offsets[i] > bytes)
            {
                return $"string offset {offsets[i]} at row {i} is outside 0..{bytes} or goes backwards";
            }

            previous = offsets[i];
        }

        return null;
    }
}
