using System.Globalization;
using System.Text;

namespace PoseCluster.Datasets.Formats;

/// <summary>
/// Writes numeric arrays as .npy format version 1.0, C order, little-endian, with numpy's
/// 64-byte-aligned header, so <c>numpy.load</c> reads them back unchanged.
/// </summary>
public static class NpyWriter
{
    private const int Alignment = 64;

    /// <summary>Writes <paramref name="values"/> (C order) with <paramref name="shape"/> to the file at <paramref name="path"/> (float32).</summary>
    public static void Write(string path, float[] values, params int[] shape) => Write(path, NdArray.Create(values, shape));

    /// <summary>Writes <paramref name="values"/> (C order) with <paramref name="shape"/> to the file at <paramref name="path"/> (float64).</summary>
    public static void Write(string path, double[] values, params int[] shape) => Write(path, NdArray.Create(values, shape));

    /// <summary>Writes <paramref name="values"/> (C order) with <paramref name="shape"/> to the file at <paramref name="path"/> (int32).</summary>
    public static void Write(string path, int[] values, params int[] shape) => Write(path, NdArray.Create(values, shape));

    /// <summary>Writes a numeric array to the file at <paramref name="path"/>, replacing it.</summary>
    public static void Write(string path, NdArray array)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        Write(stream, array);
    }

    /// <summary>Writes a numeric array to <paramref name="stream"/> (Fortran-order input is written in C order).</summary>
    public static void Write(Stream stream, NdArray array)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(array);
        if (array.IsObjectArray)
        {
            throw new ArgumentException("object arrays cannot be written as .npy by this writer", nameof(array));
        }

        var header = Header(array);
        stream.Write(header);
        var data = array.FortranOrder ? CopyInCOrder(array) : array.Data;
        var bytes = ElementBuffers.Bytes(data);
        if (!BitConverter.IsLittleEndian && array.ElementType.ItemSize > 1)
        {
            var swapped = bytes.ToArray();
            ElementBuffers.ReverseEndianness(swapped, array.ElementType.ItemSize);
            stream.Write(swapped);
        }
        else
        {
            stream.Write(bytes);
        }
    }

    /// <summary>Magic, version 1.0, length, and the dict literal padded with spaces and a newline to a multiple of 64 bytes.</summary>
    private static byte[] Header(NdArray array)
    {
        var shape = array.Shape.Count == 1
            ? $"({array.Shape[0].ToString(CultureInfo.InvariantCulture)},)"
            : $"({string.Join(", ", array.Shape.Select(d => d.ToString(CultureInfo.InvariantCulture)))})";
        var dict = $"{{'descr': '{array.ElementType.Descriptor}', 'fortran_order': False, 'shape': {shape}, }}";
        var unpadded = NpyHeader.Magic.Length + 4 + dict.Length + 1;
        var padding = (Alignment - (unpadded % Alignment)) % Alignment;
        var text = dict + new string(' ', padding) + "\n";
        if (text.Length > ushort.MaxValue)
        {
            throw new ArgumentException("the array has too many dimensions for a version 1.0 header", nameof(array));
        }

        var header = new byte[NpyHeader.Magic.Length + 4 + text.Length];
        NpyHeader.Magic.CopyTo(header);
        header[6] = 1;
        header[7] = 0;
        header[8] = (byte)(text.Length & 0xff);
        header[9] = (byte)(text.Length >> 8);
        Encoding.ASCII.GetBytes(text, header.AsSpan(10));
        return header;
    }

    private static Array CopyInCOrder(NdArray array) => array.Data switch
    {
        double[] => array.ToDoubleArray(),
        float[] => array.ToSingleArray(),
        _ => throw new ArgumentException($"writing a Fortran-order {array.DType} array is not supported; pass it in C order", nameof(array)),
    };
}
