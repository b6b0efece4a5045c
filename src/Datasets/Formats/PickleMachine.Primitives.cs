using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace PoseCluster.Datasets.Formats;

/// <summary>Reading opcode arguments, each checked against the bytes left.</summary>
internal sealed partial class PickleMachine
{
    private byte ReadByte() => Take(1)[0];

    private ReadOnlySpan<byte> Take(long count)
    {
        if (count < 0 || count > data.Length - _position)
        {
            throw Error(_opcodeAt, $"an argument of {count} bytes runs past the end of the pickle ({data.Length - _position} bytes left)");
        }

        var span = Bytes.Slice(_position, (int)count);
        _position += (int)count;
        return span;
    }

    /// <summary>A bytes/bytearray argument, kept as a view of the input until it becomes a value (array data is copied once, into the array).</summary>
    private ByteSlice TakeSlice(int count)
    {
        Take(count);
        return new ByteSlice(data.Slice(_position - count, count));
    }

    private ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    /// <summary>A length prefix of <paramref name="size"/> bytes, which must fit in what is left of the input.</summary>
    private int ReadLength(int size, bool signed = false)
    {
        var raw = Take(size);
        var value = size switch
        {
            4 when signed => BinaryPrimitives.ReadInt32LittleEndian(raw),
            4 => BinaryPrimitives.ReadUInt32LittleEndian(raw),
            _ => (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(raw), long.MaxValue),
        };
        if (value < 0 || value > data.Length - _position)
        {
            throw Error(_opcodeAt, $"a length of {value} runs past the end of the pickle ({data.Length - _position} bytes left)");
        }

        return (int)value;
    }

    /// <summary>LONG1/LONG4: little-endian two's complement; a long when it fits.</summary>
    private object ReadLong(int count)
    {
        var value = new BigInteger(Take(count), isUnsigned: false, isBigEndian: false);
        return value >= long.MinValue && value <= long.MaxValue ? (long)value : value;
    }

    /// <summary>A newline-terminated ASCII argument (GLOBAL, PUT, GET).</summary>
    private string ReadLine()
    {
        var rest = Bytes[_position..];
        var end = rest.IndexOf((byte)'\n');
        if (end < 0 || end > 1024)
        {
            throw Error(_opcodeAt, "expected a newline-terminated argument of at most 1024 bytes");
        }

        _position += end + 1;
        return Encoding.Latin1.GetString(rest[..end]);
    }

    private long ReadDecimalLine()
    {
        var line = ReadLine();
        return long.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error(_opcodeAt, $"expected a decimal memo key, found '{line}'");
    }
}
