namespace PoseCluster.Datasets.Formats;

/// <summary>
/// An n-dimensional array as numpy and MATLAB files hold it: a numpy dtype name, a shape, a storage
/// order and the elements. Numeric elements live in one typed .NET array (<see cref="Data"/>:
/// <c>double[]</c> for float64, <c>float[]</c> for float32, <see cref="Half"/>[] for float16,
/// <c>bool[]</c>, <c>int[]</c>, <c>ulong[]</c>, ...), in storage order (C, or Fortran when
/// <see cref="FortranOrder"/>), in the machine's byte order. Object arrays (<c>dtype == "object"</c>)
/// hold <c>object?[]</c> in C order, each element a value of <see cref="PickleReader"/>'s object model.
/// </summary>
public sealed class NdArray
{
    private readonly int[] _shape;
    private readonly DType _dtype;
    private readonly ReadOnlyMemory<byte> _raw;
    private readonly bool _rawBigEndian;
    private Array? _data;

    internal NdArray(DType dtype, int[] shape, bool fortranOrder, Array data)
    {
        if (data.Length != ElementCount(shape))
        {
            throw new ArgumentException($"{data.Length} elements do not fill shape ({string.Join(", ", shape)})", nameof(data));
        }

        _dtype = dtype;
        _shape = shape;
        FortranOrder = fortranOrder && !dtype.IsObject && shape.Length > 1;
        _data = data;
        Count = data.Length;
    }

    /// <summary>
    /// A numeric array over the bytes of the file it was read from, without a copy: <see cref="Data"/>
    /// copies them into a typed array only when first asked for, and fast readers use
    /// <see cref="TryGetLittleEndianBytes"/> instead. The bytes must stay unchanged while the array lives.
    /// </summary>
    internal NdArray(DType dtype, int[] shape, bool fortranOrder, ReadOnlyMemory<byte> raw, bool bigEndian)
    {
        var count = ElementCount(shape);
        if (dtype.IsObject || count < 0 || count * dtype.ItemSize != raw.Length)
        {
            throw new ArgumentException($"{raw.Length} bytes of {dtype.Name} do not fill shape ({string.Join(", ", shape)})", nameof(raw));
        }

        _dtype = dtype;
        _shape = shape;
        FortranOrder = fortranOrder && shape.Length > 1;
        _raw = raw;
        _rawBigEndian = bigEndian;
        Count = (int)count;
    }

    /// <summary>The numpy dtype name: <c>bool</c>, <c>int8</c>..<c>int64</c>, <c>uint8</c>..<c>uint64</c>, <c>float16</c>/<c>32</c>/<c>64</c> or <c>object</c>.</summary>
    public string DType => _dtype.Name;

    /// <summary>The dimensions; empty for a 0-d (scalar) array.</summary>
    public IReadOnlyList<int> Shape => _shape;

    /// <summary>True when <see cref="Data"/> is in Fortran (column-major) order; always false for 0-d, 1-d and object arrays.</summary>
    public bool FortranOrder { get; }

    /// <summary>The number of elements (the product of <see cref="Shape"/>).</summary>
    public int Count { get; }

    /// <summary>True for numpy object arrays, whose elements are Python objects rather than numbers.</summary>
    public bool IsObjectArray => _dtype.IsObject;

    /// <summary>The elements in storage order: a typed numeric array, or <c>object?[]</c> for object arrays.</summary>
    public Array Data
    {
        get
        {
            if (_data is { } data)
            {
                return data;
            }

            // Several readers may race to the first copy; they make equal arrays and one of them is kept.
            Interlocked.CompareExchange(ref _data, ElementBuffers.FromBytes(_dtype, _raw.Span, _rawBigEndian), null);
            return _data;
        }
    }

    /// <summary>
    /// The elements' bytes in storage order when they are little-endian (as numpy writes them on every
    /// common machine), without copying an array that still refers to its file's bytes.
    /// </summary>
    internal bool TryGetLittleEndianBytes(out ReadOnlySpan<byte> bytes)
    {
        if (_data is null && !_rawBigEndian && BitConverter.IsLittleEndian)
        {
            bytes = _raw.Span;
            return true;
        }

        if (_data is { } data && !IsObjectArray && BitConverter.IsLittleEndian)
        {
            bytes = ElementBuffers.Bytes(data);
            return true;
        }

        bytes = default;
        return false;
    }

    internal DType ElementType => _dtype;

    /// <summary>A C-order array of <paramref name="data"/> with the given shape (the dtype follows <typeparamref name="T"/>).</summary>
    public static NdArray Create<T>(T[] data, params int[] shape) where T : unmanaged =>
        new(Formats.DType.FromClr<T>(), (int[])shape.Clone(), fortranOrder: false, data);

    /// <summary>A C-order object array of Python objects with the given shape.</summary>
    public static NdArray CreateObjects(object?[] data, params int[] shape) =>
        new(Formats.DType.Object, (int[])shape.Clone(), fortranOrder: false, data);

    /// <summary>The elements in storage order as a span of <typeparamref name="T"/>, which must be the element type.</summary>
    public ReadOnlySpan<T> AsSpan<T>() where T : unmanaged =>
        Data.GetType() == typeof(T[]) ? (T[])Data : throw new InvalidOperationException($"a {DType} array does not hold {typeof(T).Name} elements");

    /// <summary>Every element converted to double, in C (row-major) order.</summary>
    public double[] ToDoubleArray()
    {
        RequireNumeric();
        var values = new double[Count];
        ElementBuffers.ToDoubles(Data, values);
        return FortranOrder ? FortranToC(values, _shape) : values;
    }

    /// <summary>Every element converted to float, in C (row-major) order.</summary>
    public float[] ToSingleArray()
    {
        RequireNumeric();
        var values = new float[Count];
        ElementBuffers.ToSingles(Data, values);
        return FortranOrder ? FortranToC(values, _shape) : values;
    }

    /// <summary>The elements of an object array, in C order.</summary>
    public IReadOnlyList<object?> ToObjectList() =>
        Data as object?[] ?? throw new InvalidOperationException($"a {DType} array is not an object array");

    /// <summary>The sum of every element as double, skipping NaN (numpy's <c>nansum</c> accumulated in double).</summary>
    public double NanSum()
    {
        RequireNumeric();
        if (Data.GetType() == typeof(double[]))
        {
            return NanSum((double[])Data);
        }

        var values = new double[Count];
        ElementBuffers.ToDoubles(Data, values);
        return NanSum(values);
    }

    /// <summary>The element count of <paramref name="shape"/>, or -1 when it exceeds what one .NET array holds.</summary>
    internal static long ElementCount(ReadOnlySpan<int> shape)
    {
        long count = 1;
        foreach (var dimension in shape)
        {
            if (dimension < 0)
            {
                return -1;
            }

            count *= dimension;
            if (count > Array.MaxLength)
            {
                return -1;
            }
        }

        return count;
    }

    private static double NanSum(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        foreach (var value in values)
        {
            if (!double.IsNaN(value))
            {
                sum += value;
            }
        }

        return sum;
    }

    private void RequireNumeric()
    {
        if (IsObjectArray)
        {
            throw new InvalidOperationException("an object array has no numeric values");
        }
    }

    /// <summary>Reorders column-major <paramref name="source"/> of <paramref name="shape"/> into row-major order.</summary>
    private static T[] FortranToC<T>(T[] source, int[] shape)
    {
        var rank = shape.Length;
        var target = new T[source.Length];
        if (source.Length == 0)
        {
            return target;
        }

        Span<long> strides = stackalloc long[rank];
        Span<int> index = stackalloc int[rank];
        long stride = 1;
        for (var k = 0; k < rank; k++)
        {
            strides[k] = stride;
            stride *= shape[k];
        }

        // Walk the C-order multi-index like an odometer, keeping the Fortran offset in step.
        long offset = 0;
        for (var c = 0; c < target.Length; c++)
        {
            target[c] = source[offset];
            for (var k = rank - 1; k >= 0; k--)
            {
                offset += strides[k];
                if (++index[k] < shape[k])
                {
                    break;
                }

                offset -= strides[k] * shape[k];
                index[k] = 0;
            }
        }

        return target;
    }

    /// <inheritdoc />
    public override string ToString() => $"ndarray({DType}, ({string.Join(", ", _shape)}{(_shape.Length == 1 ? "," : "")}){(FortranOrder ? ", F" : "")})";

    internal Span<byte> RawBytes() => ElementBuffers.Bytes(Data);
}
