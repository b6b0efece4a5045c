using System.Numerics;

namespace PoseCluster.Datasets.Formats;

/// <summary>
/// Reads a safe subset of Python pickles (protocols 2 to 5) without executing anything.
/// <para>Object model (Python → .NET): None → <c>null</c>; bool → <c>bool</c>; int → <c>long</c>, or
/// <see cref="BigInteger"/> when it does not fit; float → <c>double</c>; str → <c>string</c>;
/// bytes and bytearray → <c>byte[]</c>; tuple → <see cref="PyTuple"/>; list → <c>List&lt;object?&gt;</c>;
/// dict → <see cref="PyDict"/> (insertion-ordered); numpy.ndarray → <see cref="NdArray"/> (numeric, or
/// object arrays of these values); a numpy scalar (<c>np.float64(2.5)</c>) → a 0-d <see cref="NdArray"/>;
/// a numpy.dtype object used as a value → its name (<c>"float32"</c>).</para>
/// <para>The only globals accepted are numpy's array, dtype and scalar reconstructors (from
/// <c>numpy.core</c> and numpy 2's <c>numpy._core</c>: <c>multiarray._reconstruct</c>,
/// <c>multiarray.scalar</c>, <c>numeric._frombuffer</c>, <c>numpy.ndarray</c>, <c>numpy.dtype</c>), and
/// the pure data constructors <c>_codecs.encode</c> (latin-1 only; how protocol 2 spells bytes),
/// <c>builtins.bytes</c> and <c>builtins.bytearray</c>. Any other global (<c>os.system</c>,
/// <c>builtins.eval</c>, ...) is refused with an error naming it. Sets, out-of-band buffers, persistent
/// ids, extension codes and class instances are refused as unsupported.</para>
/// </summary>
public static class PickleReader
{
    /// <summary>Reads the pickle file at <paramref name="path"/>.</summary>
    /// <exception cref="DatasetFormatException">The file is not a pickle this reader accepts.</exception>
    public static object? Read(string path) => Read(FormatFiles.ReadAll(path), path, 0);

    /// <summary>Reads a pickle held in memory; <paramref name="name"/> names it in errors.</summary>
    /// <exception cref="DatasetFormatException">The bytes are not a pickle this reader accepts.</exception>
    public static object? Read(ReadOnlyMemory<byte> bytes, string name) => Read(bytes, name, 0);

    /// <summary>Reads a pickle that starts at <paramref name="baseOffset"/> of the file named <paramref name="name"/>.</summary>
    internal static object? Read(ReadOnlyMemory<byte> bytes, string name, long baseOffset) =>
        new PickleMachine(bytes, name, baseOffset).Run();

    /// <summary>A short description of a value of the object model, for error messages.</summary>
    public static string Describe(object? value) => value switch
    {
        null => "None",
        bool b => b ? "True" : "False",
        long or BigInteger or double => $"int/float {value}",
        string s => s.Length <= 40 ? $"str '{s}'" : $"str of {s.Length} characters",
        byte[] bytes => $"bytes of length {bytes.Length}",
        PyTuple tuple => $"tuple of {tuple.Count}",
        List<object?> list => $"list of {list.Count}",
        PyDict dict => $"dict of {dict.Count}",
        NdArray array => array.ToString(),
        _ => value.GetType().Name,
    };
}
