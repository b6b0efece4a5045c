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

        if (array.GetType() == typeof(bool[]))
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
        if (source.GetType() == typeof(double[]))
        {
            ((double[])source).CopyTo(target);
            return;
        }

        ConvertAny(source, target);
    }

    /// <summary>Every element of a numeric array as float, in storage order.</summary>
    public static void ToSingles(Array source, Span<float> target)
    {
        if (source.GetType() == typeof(float[]))
        {
            ((float[])source).CopyTo(target);
            return;
        }

        ConvertAny(source, target);
    }

    /// <summary>
    /// Converts by the array's exact type: the CLR lets <c>ulong[]</c> pass as <c>long[]</c> (and uint/int,
    /// ushort/short, byte/sbyte), so <c>is</c> patterns would read unsigned data as signed.
    /// </summary>
    private static void ConvertAny<TTo>(Array source, Span<TTo> target) where TTo : INumberBase<TTo>
    {
        var type = source.GetType();
        if (type == typeof(double[])) { Convert<double, TTo>((double[])source, target); }
        else if (type == typeof(float[])) { Convert<float, TTo>((float[])source, target); }
        else if (type == typeof(Half[])) { Convert<Half, TTo>((Half[])source, target); }
        else if (type == typeof(long[])) { Convert<long, TTo>((long[])source, target); }
        else if (type == typeof(int[])) { Convert<int, TTo>((int[])source, target); }
        else if (type == typeof(short[])) { Convert<short, TTo>((short[])source, target); }
        else if (type == typeof(sbyte[])) { Convert<sbyte, TTo>((sbyte[])source, target); }
        else if (type == typeof(ulong[])) { Convert<ulong, TTo>((ulong[])source, target); }
        else if (type == typeof(uint[])) { Convert<uint, TTo>((uint[])source, target); }
        else if (type == typeof(ushort[])) { Convert<ushort, TTo>((ushort[])source, target); }
        else if (type == typeof(byte[])) { Convert<byte, TTo>((byte[])source, target); }
        else if (type == typeof(bool[])) { Convert<byte, TTo>(MemoryMarshal.Cast<bool, byte>((bool[])source), target); }
        else { throw new InvalidOperationException($"{type.Name} is not a numeric element array"); }
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
