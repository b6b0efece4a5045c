using System.Text.RegularExpressions;
using PoseCluster.Datasets.Formats;

namespace PoseCluster.Datasets.Sources;

/// <summary>
/// The loaders' view of what the format readers return: dicts with string keys, lists, numeric arrays.
/// Each accessor checks the type it expects and says which file and which path inside it did not match.
/// </summary>
internal static partial class SourceData
{
    /// <summary>Bytes a text side file (ignore list, mapping) may have.</summary>
    private const long MaxTextFileBytes = 64 << 20;

    /// <summary>A pickle file's object, parsed from its bytes (<paramref name="path"/> names it in errors).</summary>
    public static object? ReadPickle(ReadOnlyMemory<byte> bytes, string path) => PickleReader.Read(bytes, path);

    /// <summary>The single object of a 0-d object array stored as member <paramref name="member"/> of an npz held in memory.</summary>
    public static object? ReadNpzObject(ReadOnlyMemory<byte> bytes, string path, string member)
    {
        var array = NpzReader.ReadMember(bytes, path, member);
        return array is { IsObjectArray: true, Shape.Count: 0 }
            ? array.ToObjectList()[0]
            : throw Mismatch(path, member, "a 0-d object array (a pickled dict)", array);
    }

    /// <summary>The variables of a MAT v5 file by name.</summary>
    public static IReadOnlyDictionary<string, object?> ReadMat(string path) => MatReader.Read(path).Variables;

    /// <summary>The variables of a MAT v5 file held in memory, by name.</summary>
    public static IReadOnlyDictionary<string, object?> ReadMat(ReadOnlyMemory<byte> bytes, string path) => MatReader.Read(bytes, path).Variables;

    /// <summary>A dict with string keys (a pickled dict, or one inside a 0-d object array).</summary>
    public static IReadOnlyDictionary<string, object?> Dict(string file, object? value, string what)
    {
        value = Unwrap(value);
        if (value is not PyDict dict)
        {
            throw Mismatch(file, what, "a dict", value);
        }

        var result = new OrderedDictionary<string, object?>(dict.Count, StringComparer.Ordinal);
        foreach (var (key, item) in dict)
        {
            result[key as string ?? throw Mismatch(file, what, "string keys", key)] = item;
        }

        return result;
    }

    /// <summary>A list, tuple, object array or MATLAB cell (column-major, as MATLAB indexes it linearly).</summary>
    public static IReadOnlyList<object?> List(string file, object? value, string what) => Unwrap(value) switch
    {
        List<object?> list => list,
        PyTuple tuple => tuple,
        NdArray { IsObjectArray: true } array => array.ToObjectList(),
        MatCell cell => cell.Elements,
        var other => throw Mismatch(file, what, "a list", other),
    };

    /// <summary>A numeric array.</summary>
    public static NdArray Numbers(string file, object? value, string what) =>
        value is NdArray { IsObjectArray: false } array ? array : throw Mismatch(file, what, "a numeric array", value);

    /// <summary>Checks the shape (−1 = any size) of <paramref name="array"/>.</summary>
    public static void ExpectShape(string file, NdArray array, string what, params int[] dims)
    {
        var shape = array.Shape;
        if (shape.Count != dims.Length || dims.Where((d, i) => d >= 0 && d != shape[i]).Any())
        {
            var expected = string.Join(", ", dims.Select(d => d < 0 ? "N" : d.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            throw SourceErrors.Format(file, $"{what}: expected shape ({expected}), found {array}");
        }
    }

    /// <summary>Paths ordered by name with digit runs compared as numbers (S2 before S10).</summary>
    public static IEnumerable<string> NaturalOrder(IEnumerable<string> paths) =>
        paths.OrderBy(p => DigitRun().Replace(Path.GetFileName(p), m => m.Value.PadLeft(10, '0')), StringComparer.Ordinal);

    /// <summary>The lines of a small text file; an oversized one is an error, not an allocation.</summary>
    public static IEnumerable<string> ReadTextLines(string path)
    {
        var length = new FileInfo(path).Length;
        return length <= MaxTextFileBytes
            ? File.ReadLines(path)
            : throw SourceErrors.Format(path, $"{length} bytes is too large for a list file (limit {MaxTextFileBytes})");
    }

    /// <summary>The lines of a small text file read through <paramref name="reader"/>, with the file's SHA-256; an oversized one is an error.</summary>
    public static (IReadOnlyList<string> Lines, string Sha256) ReadTextLines(string path, Ingestion.IRawFileReader reader)
    {
        var (length, _) = reader.Stat(path);
        if (length > MaxTextFileBytes)
        {
            throw SourceErrors.Format(path, $"{length} bytes is too large for a list file (limit {MaxTextFileBytes})");
        }

        var bytes = reader.ReadAll(path);
        var text = System.Text.Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF');
        return (text.ReplaceLineEndings("\n").Split('\n'), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
    }

    private static object? Unwrap(object? value) =>
        value is NdArray { IsObjectArray: true, Shape.Count: 0 } scalar ? scalar.ToObjectList()[0] : value;

    private static DatasetFormatException Mismatch(string file, string what, string expected, object? found) =>
        SourceErrors.Format(file, $"{what}: expected {expected}, found {PickleReader.Describe(found)}");

    [GeneratedRegex("[0-9]+")]
    private static partial Regex DigitRun();
}
