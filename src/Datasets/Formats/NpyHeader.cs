using System.Globalization;
using System.Text;

namespace PoseCluster.Datasets.Formats;

/// <summary>
/// The header of a .npy file: magic <c>\x93NUMPY</c>, version, header length, then a Python dict
/// literal <c>{'descr': '&lt;f8', 'fortran_order': False, 'shape': (3, 4), }</c>.
/// </summary>
/// <param name="ElementType">The element type.</param>
/// <param name="BigEndian">True when the elements are stored big-endian (<c>&gt;</c>).</param>
/// <param name="FortranOrder">True when the elements are stored column-major.</param>
/// <param name="Shape">The dimensions.</param>
/// <param name="DataOffset">Where the elements start, relative to the start of the file.</param>
internal sealed record NpyHeader(DType ElementType, bool BigEndian, bool FortranOrder, int[] Shape, int DataOffset)
{
    public static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads the header from the start of <paramref name="stream"/> (<paramref name="length"/> bytes available).</summary>
    public static NpyHeader Read(Stream stream, string name, long length)
    {
        Span<byte> preamble = stackalloc byte[12];
        var prefix = ReadUpTo(stream, preamble[..10]);
        if (prefix < 6 || !preamble[..6].SequenceEqual(Magic))
        {
            throw new DatasetFormatException(name, 0, "expected the .npy magic \\x93NUMPY at the start of the file");
        }

        if (prefix < 10)
        {
            throw new DatasetFormatException(name, prefix, "the .npy header is truncated");
        }

        int major = preamble[6], minor = preamble[7];
        int headerLength, dataOffset;
        switch (major)
        {
            case 1:
                headerLength = preamble[8] | (preamble[9] << 8);
                dataOffset = 10 + headerLength;
                break;
            case 2 or 3:
                if (ReadUpTo(stream, preamble[10..12]) < 2)
                {
                    throw new DatasetFormatException(name, 10, "the .npy header is truncated");
                }

                var length32 = BitConverter.ToUInt32(preamble[8..12]);
                if (length32 > length - 12)
                {
                    throw new DatasetFormatException(name, 8, $"the header length {length32} runs past the end of the file ({length} bytes)");
                }

                headerLength = (int)length32;
                dataOffset = 12 + headerLength;
                break;
            default:
                throw new DatasetFormatException(name, 6, $"expected .npy format version 1.0, 2.0 or 3.0, found {major}.{minor}");
        }

        if (dataOffset > length)
        {
            throw new DatasetFormatException(name, 8, $"the header length {headerLength} runs past the end of the file ({length} bytes)");
        }

        var headerBytes = new byte[headerLength];
        if (ReadUpTo(stream, headerBytes) < headerLength)
        {
            throw new DatasetFormatException(name, dataOffset - headerLength, "the .npy header is truncated");
        }

        var text = major == 3 ? Encoding.UTF8.GetString(headerBytes) : Encoding.Latin1.GetString(headerBytes);
        return Parse(text, name, dataOffset - headerLength, dataOffset);
    }

    /// <summary>Reads as many bytes as the stream has, up to the span's length.</summary>
    public static int ReadUpTo(Stream stream, Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = stream.Read(buffer[total..]);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    private static NpyHeader Parse(string text, string name, int headerOffset, int dataOffset)
    {
        var parser = new LiteralParser(text, name, headerOffset);
        if (parser.ParseValue() is not Dictionary<string, object> fields)
        {
            throw new DatasetFormatException(name, headerOffset, "expected the .npy header to be a dict literal");
        }

        if (!fields.TryGetValue("descr", out var descrValue) || descrValue is not string descr)
        {
            throw new DatasetFormatException(name, headerOffset, "expected a string 'descr' in the .npy header (structured dtypes are not supported)");
        }

        if (!fields.TryGetValue("fortran_order", out var fortranValue) || fortranValue is not bool fortran)
        {
            throw new DatasetFormatException(name, headerOffset, "expected a bool 'fortran_order' in the .npy header");
        }

        if (!fields.TryGetValue("shape", out var shapeValue) || shapeValue is not List<object> dims)
        {
            throw new DatasetFormatException(name, headerOffset, "expected a tuple 'shape' in the .npy header");
        }

        var shape = new int[dims.Count];
        for (var i = 0; i < shape.Length; i++)
        {
            shape[i] = dims[i] is long dim and >= 0 and <= int.MaxValue
                ? (int)dim
                : throw new DatasetFormatException(name, headerOffset, $"expected a non-negative dimension below 2^31 in 'shape', found {dims[i]}");
        }

        var (dtype, bigEndian) = ParseDescriptor(descr, name, headerOffset);
        return new NpyHeader(dtype, bigEndian, fortran, shape, dataOffset);
    }

    /// <summary>Parses a numpy type string such as <c>&lt;f8</c>, <c>|b1</c>, <c>&gt;i4</c>, <c>|O</c>.</summary>
    public static (DType Type, bool BigEndian) ParseDescriptor(string descr, string name, long offset)
    {
        var order = descr.Length > 0 && descr[0] is '<' or '>' or '|' or '=' ? descr[0] : '=';
        var body = order == descr.FirstOrDefault() ? descr[1..] : descr;
        var kind = body.Length > 0 ? body[0] : '\0';
        var size = kind == 'O' && body.Length == 1 ? 8
            : body.Length > 1 && int.TryParse(body.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : -1;
        var type = DType.FromKind(kind, size)
            ?? throw new DatasetFormatException(name, offset, $"unsupported dtype '{descr}' (expected bool, int8..int64, uint8..uint64, float16/32/64 or object)");
        return (type, order == '>' || (order == '=' && !BitConverter.IsLittleEndian));
    }

    /// <summary>Just enough of Python's literal syntax for .npy headers: dicts, tuples/lists, strings, ints, True/False/None.</summary>
    private sealed class LiteralParser(string text, string name, int offset)
    {
        private const int MaxDepth = 16;
        private int _position;

        public object ParseValue(int depth = 0)
        {
            if (depth > MaxDepth)
            {
                throw Error("the header nests too deeply");
            }

            SkipSpace();
            if (_position >= text.Length)
            {
                throw Error("the header ends inside a value");
            }

            var c = text[_position];
            switch (c)
            {
                case '{':
                    return ParseDict(depth);
                case '(' or '[':
                    return ParseSequence(c == '(' ? ')' : ']', depth);
                case '\'' or '"':
                    return ParseString();
                default:
                    if (char.IsAsciiDigit(c) || c == '-')
                    {
                        return ParseInteger();
                    }

                    var start = _position;
                    while (_position < text.Length && char.IsAsciiLetter(text[_position]))
                    {
                        _position++;
                    }

                    return text[start.._position] switch
                    {
                        "True" => true,
                        "False" => false,
                        "None" => "None",
                        var word => throw Error($"unexpected '{(word.Length > 0 ? word : c.ToString())}' in the header"),
                    };
            }
        }

        private Dictionary<string, object> ParseDict(int depth)
        {
            _position++;
            var result = new Dictionary<string, object>(StringComparer.Ordinal);
            while (true)
            {
                SkipSpace();
                if (Peek() == '}')
                {
                    _position++;
                    return result;
                }

                if (ParseValue(depth + 1) is not string key)
                {
                    throw Error("expected a string key in the header dict");
                }

                Expect(':');
                result[key] = ParseValue(depth + 1);
                SkipSpace();
                if (Peek() == ',')
                {
                    _position++;
                }
                else if (Peek() != '}')
                {
                    throw Error("expected ',' or '}' in the header dict");
                }
            }
        }

        private List<object> ParseSequence(char close, int depth)
        {
            _position++;
            var result = new List<object>();
            while (true)
            {
                SkipSpace();
                if (Peek() == close)
                {
                    _position++;
                    return result;
                }

                result.Add(ParseValue(depth + 1));
                SkipSpace();
                if (Peek() == ',')
                {
                    _position++;
                }
                else if (Peek() != close)
                {
                    throw Error($"expected ',' or '{close}' in the header");
                }
            }
        }

        private string ParseString()
        {
            var quote = text[_position++];
            var start = _position;
            while (_position < text.Length && text[_position] != quote)
            {
                if (text[_position] == '\\')
                {
                    throw Error("escapes in header strings are not supported");
                }

                _position++;
            }

            if (_position >= text.Length)
            {
                throw Error("unterminated string in the header");
            }

            return text[start.._position++];
        }

        private long ParseInteger()
        {
            var start = _position;
            if (text[_position] == '-')
            {
                _position++;
            }

            while (_position < text.Length && char.IsAsciiDigit(text[_position]))
            {
                _position++;
            }

            var digits = text.AsSpan(start, _position - start);
            if (_position < text.Length && text[_position] == 'L')
            {
                _position++; // Python 2 long suffix
            }

            return long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw Error($"expected an integer in the header, found '{digits}'");
        }

        private void Expect(char expected)
        {
            SkipSpace();
            if (Peek() != expected)
            {
                throw Error($"expected '{expected}' in the header");
            }

            _position++;
        }

        private char Peek() => _position < text.Length ? text[_position] : '\0';

        private void SkipSpace()
        {
            while (_position < text.Length && char.IsWhiteSpace(text[_position]))
            {
                _position++;
            }
        }

        private DatasetFormatException Error(string problem) => new(name, offset + _position, problem);
    }
}
