namespace PoseCluster.Datasets.Formats;

/// <summary>
/// An element type as numpy names it: <c>float64</c>, <c>int32</c>, <c>bool</c>, <c>object</c>, ...
/// with its numpy kind character (b, i, u, f, O), item size and the .NET element type it is held in.
/// </summary>
internal sealed record DType(string Name, char Kind, int ItemSize, Type ClrType)
{
    public static readonly DType Bool = new("bool", 'b', 1, typeof(bool));
    public static readonly DType Int8 = new("int8", 'i', 1, typeof(sbyte));
    public static readonly DType Int16 = new("int16", 'i', 2, typeof(short));
    public static readonly DType Int32 = new("int32", 'i', 4, typeof(int));
    public static readonly DType Int64 = new("int64", 'i', 8, typeof(long));
    public static readonly DType UInt8 = new("uint8", 'u', 1, typeof(byte));
    public static readonly DType UInt16 = new("uint16", 'u', 2, typeof(ushort));
    public static readonly DType UInt32 = new("uint32", 'u', 4, typeof(uint));
    public static readonly DType UInt64 = new("uint64", 'u', 8, typeof(ulong));
    public static readonly DType Float16 = new("float16", 'f', 2, typeof(Half));
    public static readonly DType Float32 = new("float32", 'f', 4, typeof(float));
    public static readonly DType Float64 = new("float64", 'f', 8, typeof(double));

    /// <summary>Python objects (numpy <c>|O</c>), held as <c>object?</c>; the item size is numpy's pointer size.</summary>
    public static readonly DType Object = new("object", 'O', 8, typeof(object));

    private static readonly DType[] Numeric =
        [Bool, Int8, Int16, Int32, Int64, UInt8, UInt16, UInt32, UInt64, Float16, Float32, Float64];

    public bool IsObject => Kind == 'O';

    /// <summary>The numeric type with numpy kind <paramref name="kind"/> and <paramref name="size"/> bytes, or null.</summary>
    public static DType? FromKind(char kind, int size) =>
        kind == 'O' ? Object : Array.Find(Numeric, d => d.Kind == kind && d.ItemSize == size);

    /// <summary>The type with this numpy name (<c>float32</c>, ...), or null.</summary>
    public static DType? FromName(string name) =>
        name == Object.Name ? Object : Array.Find(Numeric, d => d.Name == name);

    /// <summary>The numeric type held in .NET type <typeparamref name="T"/>.</summary>
    public static DType FromClr<T>() where T : unmanaged =>
        Array.Find(Numeric, d => d.ClrType == typeof(T))
        ?? throw new ArgumentException($"{typeof(T).Name} is not a numpy element type", nameof(T));

    /// <summary>
    /// An array of <paramref name="count"/> elements of this type whose contents the caller overwrites
    /// completely (numeric arrays skip zeroing: a reader copies every byte anyway).
    /// </summary>
    public Array Allocate(int count) => ClrType switch
    {
        var t when t == typeof(float) => GC.AllocateUninitializedArray<float>(count),
        var t when t == typeof(double) => GC.AllocateUninitializedArray<double>(count),
        var t when t == typeof(Half) => GC.AllocateUninitializedArray<Half>(count),
        var t when t == typeof(bool) => GC.AllocateUninitializedArray<bool>(count),
        var t when t == typeof(sbyte) => GC.AllocateUninitializedArray<sbyte>(count),
        var t when t == typeof(short) => GC.AllocateUninitializedArray<short>(count),
        var t when t == typeof(int) => GC.AllocateUninitializedArray<int>(count),
        var t when t == typeof(long) => GC.AllocateUninitializedArray<long>(count),
        var t when t == typeof(byte) => GC.AllocateUninitializedArray<byte>(count),
        var t when t == typeof(ushort) => GC.AllocateUninitializedArray<ushort>(count),
        var t when t == typeof(uint) => GC.AllocateUninitializedArray<uint>(count),
        var t when t == typeof(ulong) => GC.AllocateUninitializedArray<ulong>(count),
        _ => Array.CreateInstance(ClrType, count),
    };

    /// <summary>The numpy little-endian descriptor (<c>&lt;f4</c>, <c>|b1</c>, ...).</summary>
    public string Descriptor => ItemSize == 1 || IsObject ? $"|{Kind}{(IsObject ? "" : ItemSize)}" : $"<{Kind}{ItemSize}";
}
