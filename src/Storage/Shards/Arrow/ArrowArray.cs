using System.Buffers.Binary;
using System.Text;

namespace PoseCluster.Storage.Shards.Arrow;

/// <summary>
/// A column of a record batch being written: its node (length, null count) and its buffers in
/// the order the IPC format lists them (validity first; a validity buffer of length 0 means no nulls).
/// </summary>
internal sealed record ArrowArray(int Length, int NullCount, IReadOnlyList<ArrowBuffer> Buffers, ArrowArray? Child = null)
{
    public static ArrowArray Utf8(IReadOnlyList<string> values)
    {
        var offsets = new byte[(values.Count + 1) * sizeof(int)];
        var total = 0;
        foreach (var value in values)
        {
            total += Encoding.UTF8.GetByteCount(value);
        }

        var data = new byte[total];
        var at = 0;
        for (var i = 0; i < values.Count; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(offsets.AsSpan(i * sizeof(int)), at);
            at += Encoding.UTF8.GetBytes(values[i], data.AsSpan(at));
        }

        BinaryPrimitives.WriteInt32LittleEndian(offsets.AsSpan(values.Count * sizeof(int)), at);
        return new ArrowArray(values.Count, 0, [ArrowBuffer.Empty, ArrowBuffer.Of(offsets), ArrowBuffer.Of(data)]);
    }

    public static ArrowArray Int32(IReadOnlyList<int> values)
    {
        var data = new byte[values.Count * sizeof(int)];
        for (var i = 0; i < values.Count; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(i * sizeof(int)), values[i]);
        }

        return new ArrowArray(values.Count, 0, [ArrowBuffer.Empty, ArrowBuffer.Of(data)]);
    }

    public static ArrowArray Float32(IReadOnlyList<float> values)
    {
        var data = new byte[values.Count * sizeof(float)];
        for (var i = 0; i < values.Count; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(i * sizeof(float)), values[i]);
        }

        return new ArrowArray(values.Count, 0, [ArrowBuffer.Empty, ArrowBuffer.Of(data)]);
    }

    public static ArrowArray Bool(IReadOnlyList<bool?> values)
    {
        var data = new byte[(values.Count + 7) / 8];
        var validity = new byte[data.Length];
        var nulls = 0;
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is { } value)
            {
                validity[i / 8] |= (byte)(1 << (i % 8));
                if (value)
                {
                    data[i / 8] |= (byte)(1 << (i % 8));
                }
            }
            else
            {
                nulls++;
            }
        }

        return new ArrowArray(values.Count, nulls, [nulls == 0 ? ArrowBuffer.Empty : ArrowBuffer.Of(validity), ArrowBuffer.Of(data)]);
    }

    /// <summary>A fixed_size_list&lt;float32&gt; column; null rows get a cleared validity bit and zero values.</summary>
    public static ArrowArray FloatLists(IReadOnlyList<float[]?> values, int listSize)
    {
        var nulls = 0;
        var validity = new byte[(values.Count + 7) / 8];
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is null)
            {
                nulls++;
            }
            else
            {
                validity[i / 8] |= (byte)(1 << (i % 8));
            }
        }

        var child = new ArrowArray(values.Count * listSize, 0, [ArrowBuffer.Empty, ArrowBuffer.OfFloatArrays(values, listSize)]);
        return new ArrowArray(values.Count, nulls, [nulls == 0 ? ArrowBuffer.Empty : ArrowBuffer.Of(validity)], child);
    }
}
