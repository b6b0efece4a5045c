namespace PoseCluster.Datasets.Formats;

/// <summary>
/// Reads numpy .npy files: format versions 1.0, 2.0 and 3.0, little- and big-endian, C and Fortran
/// order, dtypes bool, int8..int64, uint8..uint64, float16/32/64, and object arrays (whose payload is a
/// pickle, read by <see cref="PickleReader"/>). Numeric elements go from the file straight into the
/// typed array in one copy. A header that claims more bytes than the file holds is an error before
/// anything is allocated.
/// </summary>
public static class NpyReader
{
    /// <summary>Reads the .npy file at <paramref name="path"/>.</summary>
    /// <exception cref="DatasetFormatException">The file is not a readable .npy file.</exception>
    public static NdArray Read(string path)
    {
        using var stream = FormatFiles.OpenRead(path);
        return Read(stream, path, stream.Length);
    }

    /// <summary>Reads a .npy file held in memory; <paramref name="name"/> names it in errors.</summary>
    /// <exception cref="DatasetFormatException">The bytes are not a readable .npy file.</exception>
    public static NdArray Read(ReadOnlyMemory<byte> bytes, string name)
    {
        NpyHeader header;
        using (var stream = FormatFiles.AsStream(bytes))
        {
            header = NpyHeader.Read(stream, name, bytes.Length);
        }

        // In memory, nothing is copied: numeric elements and an object array's pickle are read where they are.
        var count = NdArray.ElementCount(header.Shape);
        var available = bytes.Length - header.DataOffset;
        if (header.ElementType.IsObject)
        {
            return FromPickle(bytes[header.DataOffset..], name, header, count, available);
        }

        var size = count * header.ElementType.ItemSize;
        if (count < 0 || size > available)
        {
            throw ShortData(name, header, count, size, available);
        }

        return new NdArray(header.ElementType, header.Shape, header.FortranOrder, bytes.Slice(header.DataOffset, (int)size), header.BigEndian);
    }

    /// <summary>Reads a .npy file from the current position of <paramref name="stream"/> to its end.</summary>
    /// <exception cref="DatasetFormatException">The stream does not hold a readable .npy file.</exception>
    public static NdArray Read(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (stream.CanSeek)
        {
            return Read(stream, name, stream.Length - stream.Position);
        }

        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Read(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), name);
    }

    /// <summary>Reads a .npy file of at most <paramref name="length"/> bytes from <paramref name="stream"/>.</summary>
    internal static NdArray Read(Stream stream, string name, long length)
    {
        var header = NpyHeader.Read(stream, name, length);
        var count = NdArray.ElementCount(header.Shape);
        var available = length - header.DataOffset;
        if (header.ElementType.IsObject)
        {
            return ReadObjects(stream, name, header, count, available);
        }

        var bytes = count * header.ElementType.ItemSize;
        if (count < 0 || bytes > available)
        {
            throw ShortData(name, header, count, bytes, available);
        }

        var data = header.ElementType.Allocate((int)count);
        var target = ElementBuffers.Bytes(data);
        var read = NpyHeader.ReadUpTo(stream, target);
        if (read < target.Length)
        {
            throw new DatasetFormatException(name, header.DataOffset + read, $"the data ends after {read} of {target.Length} bytes");
        }

        ElementBuffers.Normalize(data, header.ElementType, header.BigEndian);
        return new NdArray(header.ElementType, header.Shape, header.FortranOrder, data);
    }

    private static NdArray ReadObjects(Stream stream, string name, NpyHeader header, long count, long available)
    {
        // Every pickled element takes at least one byte, which bounds a lying shape.
        if (count < 0 || count > available || available > Array.MaxLength)
        {
            throw new DatasetFormatException(name, header.DataOffset,
                $"the header claims shape ({string.Join(", ", header.Shape)}) of objects but only {available} bytes of data follow");
        }

        var payload = new byte[available];
        var read = NpyHeader.ReadUpTo(stream, payload);
        if (read < payload.Length)
        {
            throw new DatasetFormatException(name, header.DataOffset + read, $"the data ends after {read} of {payload.Length} bytes");
        }

        return FromPickle(payload, name, header, count, available);
    }

    private static NdArray FromPickle(ReadOnlyMemory<byte> payload, string name, NpyHeader header, long count, long available)
    {
        if (count < 0 || count > available)
        {
            throw new DatasetFormatException(name, header.DataOffset,
                $"the header claims shape ({string.Join(", ", header.Shape)}) of objects but only {available} bytes of data follow");
        }

        var value = PickleReader.Read(payload, name, header.DataOffset);
        if (value is not NdArray { IsObjectArray: true } array || !array.Shape.SequenceEqual(header.Shape))
        {
            throw new DatasetFormatException(name, header.DataOffset,
                $"expected the pickled payload to be an object array of shape ({string.Join(", ", header.Shape)}), found {PickleReader.Describe(value)}");
        }

        return array;
    }

    private static DatasetFormatException ShortData(string name, NpyHeader header, long count, long bytes, long available) =>
        new(name, header.DataOffset,
            $"the header claims shape ({string.Join(", ", header.Shape)}) of {header.ElementType.Name} " +
            $"({(count < 0 ? "too many" : bytes.ToString(System.Globalization.CultureInfo.InvariantCulture))} bytes) but only {available} bytes of data follow");
}
