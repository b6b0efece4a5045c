using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace PoseCluster.Datasets.Formats;

/// <summary>
/// Bulk moves between raw bytes and typed element arrays: one memory copy per array, byte order fixed
/// in place with <see cref="BinaryPrimitives.ReverseEndianness(ReadOnlySpan{uint}, Span{uint})"/>,
/// never a boxed element. Conversions to double/float use generic math over spans.
/// </summary>
internal static class ElementBuffers
{
    /// <summary>The bytes of a numeric array (bool, integers, floats) as a writable span.</summary>
    public static Span<byte> Bytes(Array numeric)
    {
        var size = ItemSize(numeric);
        return MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(numeric), checked(numeric.Length * size));
    }

    /// <summary>A typed array of <paramref name="dtype"/> holding <paramref name="source"/> (whole elements, the stored byte order).</summary>
    public static Array FromBytes(DType dtype, ReadOnlySpan<byte> source, bool bigEndian)
    {
        var array = dtype.Allocate(source.Length / dtype.ItemSize);
        var target = Bytes(array);
        source[..target.Length].CopyTo(target);
        Normalize(array, dtype, bigEndian);
        return array;
    }

    /// <summary>After a raw copy: swap to the machine's byte order and make every bool 0 or 1.</summary>
    public static void Normalize(Array array, DType dtype, bool bigEndian)
    {
        if (bigEndian == BitConverter.IsLittleEndian && dtype.ItemSize > 1)
        {
            ReverseEndianness(Bytes(array), dtype.ItemSize);
        }

        if (array is bool[])
        {
            // A corrupted file may hold bytes other than 0/1; .NET bools must be exactly 0 or 1.
            foreach (ref var b in Bytes(array))
            {
                b = b == 0 ? (byte)0 : (byte)1;
            }
        }
    }

    /// <summary>Reverses the byte order of every <paramref name="itemSize"/>-byte element in place.</summary>
    public static void ReverseEndianness(Span<byte> bytes, int itemSize)
    {
        switch (itemSize)
        {
            case 2:
                var u16 = MemoryMarshal.Cast<byte, ushort>(bytes);
                BinaryPrimitives.ReverseEndianness(u16, u16);
                break;
            case 4:
                var u32 = MemoryMarshal.Cast<byte, uint>(bytes);
                BinaryPrimitives.ReverseEndianness(u32, u32);
                break;
            case 8:
                var u64 = MemoryMarshal.Cast<byte, ulong>(bytes);
                BinaryPrimitives.ReverseEndianness(u64, u64);
                break;
            default:
                break;
        }
    }

    /// <summary>Every element of a numeric array as double, in storage order.</summary>
    public static void ToDoubles(Array source, Span<double> target)
    {
        switch (source)
        {
            case double[] a: a.CopyTo(target); break;
            case float[] a: Convert<float, double>(a, target); break;
            case Half[] a: Convert<Half, double>(a, target); break;
            case long[] a: Convert<long, double>(a, target); break;
            case int[] a: Convert<int, double>(a, target); break;
            case short[] a: Convert<short, double>(a, target); break;
            case sbyte[] a: Convert<sbyte, double>(a, target); break;
            case ulong[] a: Convert<ulong, double>(a, target); break;
            case uint[] a: Convert<uint, double>(a, target); break;
            case ushort[] a: Convert<ushort, double>(a, target); break;
            case byte[] a: Convert<byte, double>(a, target); break;
            case bool[] a: Convert<byte, double>(MemoryMarshal.Cast<bool, byte>(a), target); break;
            default: throw new InvalidOperationException($"{source.GetType().Name} is not a numeric element array");
        }
    }

    /// <summary>Every element of a numeric array as float, in storage order.</summary>
    public static void ToSingles(Array source, Span<float> target)
    {
        switch (source)
        {
            case float[] a: a.CopyTo(target); break;
            case double[] a: Convert<double, float>(a, target); break;
            case Half[] a: Convert<Half, float>(a, target); break;
            case long[] a: Convert<long, float>(a, target); break;
            case int[] a: Convert<int, float>(a, target); break;
            case short[] a: Convert<short, float>(a, target); break;
            case sbyte[] a: Convert<sbyte, float>(a, target); break;
            case ulong[] a: Convert<ulong, float>(a, target); break;
            case uint[] a: Convert<uint, float>(a, target); break;
            case ushort[] a: Convert<ushort, float>(a, target); break;
            case byte[] a: Convert<byte, float>(a, target); break;
            case bool[] a: Convert<byte, float>(MemoryMarshal.Cast<bool, byte>(a), target); break;
            default: throw new InvalidOperationException($"{source.GetType().Name} is not a numeric element array");
        }
    }

    /// <summary>A copy of a numeric array converted to <paramref name="target"/> (through double; saturating for integers).</summary>
    public static Array Convert(Array source, DType target)
    {
        var doubles = new double[source.Length];
        ToDoubles(source, doubles);
        return target.ClrType switch
        {
            var t when t == typeof(double) => doubles,
            var t when t == typeof(bool) => Array.ConvertAll(doubles, d => d != 0),
            var t when t == typeof(float) => FromDoubles<float>(doubles),
            var t when t == typeof(Half) => FromDoubles<Half>(doubles),
            var t when t == typeof(sbyte) => FromDoubles<sbyte>(doubles),
            var t when t == typeof(short) => FromDoubles<short>(doubles),
            var t when t == typeof(int) => FromDoubles<int>(doubles),
            var t when t == typeof(long) => FromDoubles<long>(doubles),
            var t when t == typeof(byte) => FromDoubles<byte>(doubles),
            var t when t == typeof(ushort) => FromDoubles<ushort>(doubles),
            var t when t == typeof(uint) => FromDoubles<uint>(doubles),
            var t when t == typeof(ulong) => FromDoubles<ulong>(doubles),
            _ => throw new InvalidOperationException($"cannot convert to {target.Name}"),
        };
    }

    private static T[] FromDoubles<T>(double[] source) where T : INumberBase<T>
    {
        var target = new T[source.Length];
        Convert<double, T>(source, target);
        return target;
    }

    private static void Convert<TFrom, TTo>(ReadOnlySpan<TFrom> source, Span<TTo> target)
        where TFrom : INumberBase<TFrom>
        where TTo : INumberBase<TTo>
    {
        for (var i = 0; i < source.Length; i++)
        {
            target[i] = TTo.CreateSaturating(source[i]);
        }
    }

    private static int ItemSize(Array array) => array switch
    {
        double[] or long[] or ulong[] => 8,
        float[] or int[] or uint[] => 4,
        Half[] or short[] or ushort[] => 2,
        byte[] or sbyte[] or bool[] => 1,
        _ => throw new InvalidOperationException($"{array.GetType().Name} is not a numeric element array"),
    };
}
