using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace PoseCluster.Datasets.Formats;

/// <summary>
/// The MAT v5 element walker behind <see cref="MatReader"/>. One instance reads one buffer: the file,
/// or the inflated contents of one miCOMPRESSED element (whose errors report the compressed element's
/// file offset and the position inside the inflated bytes).
/// </summary>
internal sealed class MatParser
{
    private const int HeaderLength = 128;
    private const int MaxDepth = 64;
    private const int MiMatrix = 14;
    private const int MiCompressed = 15;

    private static ReadOnlySpan<byte> Hdf5Signature => [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0d, 0x0a, 0x1a, 0x0a];

    private readonly ReadOnlyMemory<byte> _data;
    private readonly string _name;
    private readonly bool _bigEndian;
    private readonly long? _inflatedFrom;

    private MatParser(ReadOnlyMemory<byte> data, string name, bool bigEndian, long? inflatedFrom)
    {
        _data = data;
        _name = name;
        _bigEndian = bigEndian;
        _inflatedFrom = inflatedFrom;
    }

    private ReadOnlySpan<byte> Bytes => _data.Span;

    public static MatFile ReadFile(ReadOnlyMemory<byte> data, string name)
    {
        var bytes = data.Span;
        if ((bytes.Length >= 8 && bytes[..8].SequenceEqual(Hdf5Signature))
            || (bytes.Length >= 520 && bytes.Slice(512, 8).SequenceEqual(Hdf5Signature))
            || (bytes.Length >= 10 && Encoding.Latin1.GetString(bytes[..10]) == "MATLAB 7.3"))
        {
            throw new DatasetFormatException(name, 0, "MAT v7.3 (HDF5) files are not supported; save with -v7 or scipy.io.savemat");
        }

        if (bytes.Length < HeaderLength || Encoding.Latin1.GetString(bytes[..6]) != "MATLAB")
        {
            throw new DatasetFormatException(name, 0, "expected a MAT v5 file (128-byte header starting 'MATLAB'); MAT v4 and other formats are not supported");
        }

        var bigEndian = (bytes[126], bytes[127]) switch
        {
            ((byte)'I', (byte)'M') => false,
            ((byte)'M', (byte)'I') => true,
            _ => throw new DatasetFormatException(name, 126, "expected the byte-order mark 'IM' or 'MI'"),
        };
        var version = bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(bytes[124..]) : BinaryPrimitives.ReadUInt16LittleEndian(bytes[124..]);
        if (version == 0x0200)
        {
            throw new DatasetFormatException(name, 124, "MAT v7.3 (HDF5) files are not supported; save with -v7 or scipy.io.savemat");
        }

        if (version != 0x0100)
        {
            throw new DatasetFormatException(name, 124, $"expected MAT version 0x0100, found 0x{version:x4}");
        }

        var parser = new MatParser(data, name, bigEndian, null);
        var variables = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
        var position = HeaderLength;
        while (position < bytes.Length)
        {
            var (variableName, value) = parser.ReadTopLevel(ref position);
            if (variableName.Length > 0)
            {
                variables[variableName] = value;
            }
        }

        return new MatFile(Encoding.Latin1.GetString(bytes[..116]).TrimEnd(' ', '\0'), bigEndian, variables);
    }

    /// <summary>A tagged element: its type, where its data starts and how many bytes it has.</summary>
    private readonly record struct Element(int Type, int Start, int Length, int TagAt);

    private (string Name, object? Value) ReadTopLevel(ref int position)
    {
        var element = ReadTag(ref position, padded: true);
        switch (element.Type)
        {
            case MiMatrix:
                return ReadMatrix(element, depth: 0);
            case MiCompressed:
                var inflated = Inflate(element);
                var inner = new MatParser(inflated, _name, _bigEndian, FileOffset(element.TagAt));
                var at = 0;
                var matrix = inner.ReadTag(ref at, padded: true);
                return matrix.Type == MiMatrix
                    ? inner.ReadMatrix(matrix, depth: 0)
                    : throw inner.Error(matrix.TagAt, $"expected a miMATRIX element inside miCOMPRESSED, found type {matrix.Type}");
            default:
                throw Error(element.TagAt, $"expected a miMATRIX or miCOMPRESSED element at the top level, found type {element.Type}");
        }
    }

    /// <summary>Reads a tag at <paramref name="position"/> (normal or small-data format) and moves past the element.</summary>
    private Element ReadTag(ref int position, bool padded)
    {
        var tagAt = position;
        if (Bytes.Length - position < 8)
        {
            throw Error(position, $"expected an 8-byte element tag, {Bytes.Length - position} bytes left");
        }

        var first = U32(position);
        if (first >> 16 != 0)
        {
            // Small data element: 2 bytes of length, 2 of type, up to 4 bytes of data in the tag itself.
            var small = (int)(first >> 16);
            if (small > 4)
            {
                throw Error(position, $"a small data element cannot hold {small} bytes");
            }

            position += 8;
            return new Element((int)(first & 0xffff), tagAt + 4, small, tagAt);
        }

        var length = U32(position + 4);
        if (length > Bytes.Length - position - 8)
        {
            throw Error(position, $"the element (type {first}) claims {length} bytes, only {Bytes.Length - position - 8} are left");
        }

        var next = (long)position + 8 + length;
        if (padded && first != MiCompressed)
        {
            next = Math.Min((next + 7) & ~7L, Bytes.Length);
        }

        position = (int)next;
        return new Element((int)first, tagAt + 8, (int)length, tagAt);
    }

    private (string Name, object? Value) ReadMatrix(Element matrix, int depth)
    {
        if (depth > MaxDepth)
        {
            throw Error(matrix.TagAt, $"cells and structs nest deeper than {MaxDepth}");
        }

        if (matrix.Length == 0)
        {
            return ("", new NdArray(DType.Float64, [0, 0], false, Array.Empty<double>())); // MATLAB's [] in a cell
        }

        var view = new MatParser(_data[..(matrix.Start + matrix.Length)], _name, _bigEndian, _inflatedFrom);
        var position = matrix.Start;
        var flags = view.Expect(ref position, "array flags", 6, 8);
        var flagWord = view.U32(flags.Start);
        var mxClass = (int)(flagWord & 0xff);
        var complex = (flagWord & 0x0800) != 0;
        var logical = (flagWord & 0x0200) != 0;

        var dimsElement = view.Expect(ref position, "dimensions", 5, -1);
        if (dimsElement.Length % 4 != 0 || dimsElement.Length == 0)
        {
            throw view.Error(dimsElement.TagAt, $"expected whole int32 dimensions, found {dimsElement.Length} bytes");
        }

        var dims = new int[dimsElement.Length / 4];
        for (var i = 0; i < dims.Length; i++)
        {
            dims[i] = (int)view.U32(dimsElement.Start + (4 * i));
            if (dims[i] < 0)
            {
                throw view.Error(dimsElement.TagAt, $"negative dimension {dims[i]}");
            }
        }

        var count = NdArray.ElementCount(dims);
        if (count < 0)
        {
            throw view.Error(dimsElement.TagAt, $"dimensions {string.Join(" x ", dims)} hold too many elements");
        }

        var nameElement = view.Expect(ref position, "array name", 1, -1);
        var name = Encoding.Latin1.GetString(view.Bytes.Slice(nameElement.Start, nameElement.Length));
        object? value = mxClass switch
        {
            1 => view.ReadCell(ref position, dims, (int)count, depth),
            2 => view.ReadStruct(ref position, dims, (int)count, depth),
            4 => view.ReadChar(ref position, dims, (int)count),
            >= 6 and <= 15 when complex => throw view.Error(matrix.TagAt, $"complex arrays are not supported (variable '{name}')"),
            >= 6 and <= 15 => view.ReadNumeric(ref position, dims, (int)count, MatClassType(mxClass, logical), name),
            3 => throw view.Error(matrix.TagAt, $"MATLAB objects are not supported (variable '{name}')"),
            5 => throw view.Error(matrix.TagAt, $"sparse arrays are not supported (variable '{name}')"),
            16 => throw view.Error(matrix.TagAt, $"function handles are not supported (variable '{name}')"),
            17 => throw view.Error(matrix.TagAt, $"MATLAB opaque classes (string, table, datetime, ...) are not supported (variable '{name}')"),
            _ => throw view.Error(flags.Start, $"unknown MATLAB array class {mxClass} (variable '{name}')"),
        };
        return (name, value);
    }

    private static DType MatClassType(int mxClass, bool logical) => logical ? DType.Bool : mxClass switch
    {
        6 => DType.Float64,
        7 => DType.Float32,
        8 => DType.Int8,
        9 => DType.UInt8,
        10 => DType.Int16,
        11 => DType.UInt16,
        12 => DType.Int32,
        13 => DType.UInt32,
        14 => DType.Int64,
        _ => DType.UInt64,
    };

    /// <summary>The element type behind a MAT data type code (miINT8 = 1 ... miUINT64 = 13), or null.</summary>
    private static DType? StorageType(int miType) => miType switch
    {
        1 => DType.Int8,
        2 => DType.UInt8,
        3 => DType.Int16,
        4 => DType.UInt16,
        5 => DType.Int32,
        6 => DType.UInt32,
        7 => DType.Float32,
        9 => DType.Float64,
        12 => DType.Int64,
        13 => DType.UInt64,
        _ => null,
    };

    private NdArray ReadNumeric(ref int position, int[] dims, int count, DType classType, string name)
    {
        var real = Next(ref position, "real part");
        var storage = StorageType(real.Type) ?? throw Error(real.TagAt, $"expected numeric data for '{name}', found element type {real.Type}");
        if ((long)count * storage.ItemSize != real.Length)
        {
            throw Error(real.TagAt, $"'{name}' has {count} elements ({string.Join(" x ", dims)}) but {real.Length} bytes of {storage.Name} data");
        }

        var raw = ElementBuffers.FromBytes(storage, Bytes.Slice(real.Start, real.Length), _bigEndian);
        var data = storage == classType ? raw : ElementBuffers.Convert(raw, classType);
        return new NdArray(classType, dims, fortranOrder: true, data);
    }

    private object ReadChar(ref int position, int[] dims, int count)
    {
        var chars = Next(ref position, "char data");
        var bytes = Bytes.Slice(chars.Start, chars.Length);
        var text = chars.Type switch
        {
            4 or 17 when chars.Length % 2 == 0 => (_bigEndian ? Encoding.BigEndianUnicode : Encoding.Unicode).GetString(bytes),
            16 => Encoding.UTF8.GetString(bytes),
            18 when chars.Length % 4 == 0 => new UTF32Encoding(_bigEndian, false).GetString(bytes),
            1 or 2 => Encoding.Latin1.GetString(bytes),
            _ => throw Error(chars.TagAt, $"expected character data, found element type {chars.Type} of {chars.Length} bytes"),
        };
        var rows = dims[0];
        if (rows <= 1 || count == 0)
        {
            return text;
        }

        if (text.Length != count)
        {
            throw Error(chars.TagAt, $"a {string.Join(" x ", dims)} char array holds {text.Length} characters");
        }

        // Column-major: row i is characters i, i + rows, i + 2 rows, ...
        var columns = count / rows;
        return Enumerable.Range(0, rows)
            .Select(r => string.Create(columns, (text, r, rows), (span, s) =>
            {
                for (var c = 0; c < span.Length; c++)
                {
                    span[c] = s.text[s.r + (c * s.rows)];
                }
            }))
            .ToArray();
    }

    private MatCell ReadCell(ref int position, int[] dims, int count, int depth)
    {
        RequireRoomFor(position, count, "cell");
        var elements = new object?[count];
        for (var i = 0; i < count; i++)
        {
            var element = Next(ref position, $"cell element {i}");
            if (element.Type != MiMatrix)
            {
                throw Error(element.TagAt, $"expected a miMATRIX cell element, found type {element.Type}");
            }

            elements[i] = ReadMatrix(element, depth + 1).Value;
        }

        return new MatCell(dims, elements);
    }

    private MatStruct ReadStruct(ref int position, int[] dims, int count, int depth)
    {
        var lengthElement = Expect(ref position, "field name length", 5, 4);
        var fieldLength = (int)U32(lengthElement.Start);
        var namesElement = Expect(ref position, "field names", 1, -1);
        if (fieldLength <= 0 || namesElement.Length % fieldLength != 0)
        {
            throw Error(namesElement.TagAt, $"{namesElement.Length} bytes of field names do not split into names of {fieldLength}");
        }

        var fields = new string[namesElement.Length / fieldLength];
        for (var f = 0; f < fields.Length; f++)
        {
            var raw = Bytes.Slice(namesElement.Start + (f * fieldLength), fieldLength);
            var end = raw.IndexOf((byte)0);
            fields[f] = Encoding.Latin1.GetString(end < 0 ? raw : raw[..end]);
        }

        RequireRoomFor(position, (long)count * fields.Length, "struct");
        var elements = new IReadOnlyDictionary<string, object?>[count];
        for (var i = 0; i < count; i++)
        {
            var values = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
            foreach (var field in fields)
            {
                var element = Next(ref position, $"field '{field}' of struct element {i}");
                if (element.Type != MiMatrix)
                {
                    throw Error(element.TagAt, $"expected a miMATRIX for field '{field}', found type {element.Type}");
                }

                values[field] = ReadMatrix(element, depth + 1).Value;
            }

            elements[i] = values;
        }

        return new MatStruct(dims, fields, elements);
    }

    /// <summary>Each cell or struct value needs at least an 8-byte tag, which bounds a lying count before allocating.</summary>
    private void RequireRoomFor(int position, long values, string what)
    {
        if (values * 8 > Bytes.Length - position)
        {
            throw Error(position, $"a {what} of {values} values cannot fit in the {Bytes.Length - position} bytes left");
        }
    }

    private Element Next(ref int position, string what)
    {
        if (position >= Bytes.Length)
        {
            throw Error(position, $"expected {what}, the array element ends");
        }

        return ReadTag(ref position, padded: true);
    }

    private Element Expect(ref int position, string what, int type, int length)
    {
        var element = Next(ref position, what);
        if (element.Type != type && !(type == 1 && element.Type == 2) && !(type == 5 && element.Type == 6))
        {
            throw Error(element.TagAt, $"expected the {what} (element type {type}), found type {element.Type}");
        }

        if (length >= 0 && element.Length != length)
        {
            throw Error(element.TagAt, $"expected {length} bytes of {what}, found {element.Length}");
        }

        return element;
    }

    /// <summary>Inflates a miCOMPRESSED element, growing the buffer only as data actually arrives, within deflate's ratio.</summary>
    private byte[] Inflate(Element element)
    {
        var limit = Math.Min((element.Length * NpzReader.MaxDeflateRatio) + 1024, Array.MaxLength);
        try
        {
            using var compressed = FormatFiles.AsStream(_data.Slice(element.Start, element.Length));
            using var zlib = new ZLibStream(compressed, CompressionMode.Decompress);
            var tag = new byte[8];
            if (NpyHeader.ReadUpTo(zlib, tag) < 8)
            {
                throw Error(element.TagAt, "the compressed element inflates to less than one element tag");
            }

            var inner = new MatParser(tag, _name, _bigEndian, FileOffset(element.TagAt));
            var claimed = 8L + (inner.U32(0) >> 16 != 0 ? 0 : inner.U32(4));
            if (claimed > limit)
            {
                throw Error(element.TagAt, $"the compressed element claims {claimed} bytes from {element.Length}, more than zlib can produce");
            }

            // Start at a typical ratio; grow (doubling) only while data keeps arriving.
            var buffer = GC.AllocateUninitializedArray<byte>((int)Math.Min(claimed, Math.Max(1 << 16, 32L * element.Length)));
            tag.CopyTo(buffer, 0);
            var filled = 8;
            while (filled < claimed)
            {
                if (filled == buffer.Length)
                {
                    var grown = GC.AllocateUninitializedArray<byte>((int)Math.Min(claimed, (long)buffer.Length * 2));
                    buffer.AsSpan(0, filled).CopyTo(grown);
                    buffer = grown;
                }

                var read = zlib.Read(buffer, filled, buffer.Length - filled);
                if (read == 0)
                {
                    throw Error(element.TagAt, $"the compressed element inflates to {filled} bytes, its tag claims {claimed}");
                }

                filled += read;
            }

            return buffer;
        }
        catch (InvalidDataException e)
        {
            throw Error(element.TagAt, $"corrupt zlib data in a miCOMPRESSED element: {e.Message}");
        }
    }

    private uint U32(int position) => _bigEndian
        ? BinaryPrimitives.ReadUInt32BigEndian(Bytes.Slice(position, 4))
        : BinaryPrimitives.ReadUInt32LittleEndian(Bytes.Slice(position, 4));

    private long FileOffset(int position) => _inflatedFrom ?? position;

    private DatasetFormatException Error(int position, string problem) => _inflatedFrom is { } compressedAt
        ? new DatasetFormatException(_name, compressedAt, $"{problem} (at byte {position} of the data inflated from the miCOMPRESSED element here)")
        : new DatasetFormatException(_name, position, problem);
}
