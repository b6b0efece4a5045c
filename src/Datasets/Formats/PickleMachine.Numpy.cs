using System.Text;

namespace PoseCluster.Datasets.Formats;

/// <summary>
/// The globals a pickle may name, and what REDUCE and BUILD do with them: numpy's array, dtype and
/// scalar reconstruction, and the byte-string constructors protocol 2 needs. Nothing is called.
/// </summary>
internal sealed partial class PickleMachine
{
    private enum GlobalKind
    {
        Reconstruct,
        NdArrayType,
        DTypeType,
        Scalar,
        FromBuffer,
        CodecsEncode,
        Bytes,
        ByteArray,
    }

    /// <summary>Values that exist only while the machine runs; never part of the result.</summary>
    internal interface IPlaceholder;

    private sealed record GlobalRef(string Module, string Name, GlobalKind Kind) : IPlaceholder
    {
        public override string ToString() => $"{Module}.{Name}";
    }

    /// <summary>An ndarray made by <c>_reconstruct</c>, waiting for the BUILD that gives it shape, dtype and data.</summary>
    private sealed class PendingArray : IPlaceholder
    {
        public NdArray? Result { get; set; }
    }

    /// <summary>Python bytes as a view of the input; becomes a <c>byte[]</c> when stored in a container or returned.</summary>
    private sealed record ByteSlice(ReadOnlyMemory<byte> Memory) : IPlaceholder;

    /// <summary>A numpy.dtype made by REDUCE; BUILD may change its byte order.</summary>
    private sealed class DTypeValue(DType type, bool bigEndian) : IPlaceholder
    {
        public DType Type { get; } = type;

        public bool BigEndian { get; set; } = bigEndian;
    }

    private static GlobalKind? Allowed(string module, string name) => (module, name) switch
    {
        ("numpy.core.multiarray" or "numpy._core.multiarray", "_reconstruct") => GlobalKind.Reconstruct,
        ("numpy.core.multiarray" or "numpy._core.multiarray", "scalar") => GlobalKind.Scalar,
        ("numpy.core.numeric" or "numpy._core.numeric", "_frombuffer") => GlobalKind.FromBuffer,
        ("numpy", "ndarray") => GlobalKind.NdArrayType,
        ("numpy", "dtype") => GlobalKind.DTypeType,
        ("_codecs", "encode") => GlobalKind.CodecsEncode,
        ("builtins" or "__builtin__", "bytes") => GlobalKind.Bytes,
        ("builtins" or "__builtin__", "bytearray") => GlobalKind.ByteArray,
        _ => null,
    };

    private GlobalRef Global(string module, string name) =>
        Allowed(module, name) is { } kind
            ? new GlobalRef(module, name, kind)
            : throw Error(_opcodeAt, $"refused global {module}.{name}: only numpy arrays and plain data may be unpickled");

    private void StackGlobal()
    {
        var name = Pop();
        var module = Pop();
        if (module is not string m || name is not string n)
        {
            throw Error(_opcodeAt, "STACK_GLOBAL expects two strings (module, name)");
        }

        Push(Global(m, n));
    }

    private void Reduce()
    {
        var args = Pop() as PyTuple ?? throw Error(_opcodeAt, "REDUCE expects an argument tuple");
        var callable = Pop();
        if (callable is not GlobalRef global)
        {
            throw Error(_opcodeAt, $"REDUCE on {PickleReader.Describe(callable)}, expected an allowed global");
        }

        Push(global.Kind switch
        {
            GlobalKind.Reconstruct => ReduceReconstruct(args),
            GlobalKind.DTypeType => ReduceDType(args),
            GlobalKind.Scalar => ReduceScalar(args),
            GlobalKind.FromBuffer => ReduceFromBuffer(args),
            GlobalKind.CodecsEncode => ReduceEncode(args),
            GlobalKind.Bytes or GlobalKind.ByteArray => ReduceBytes(args, global),
            _ => throw Error(_opcodeAt, $"{global} cannot be called"),
        });
    }

    private PendingArray ReduceReconstruct(PyTuple args)
    {
        if (args.Count < 1 || args[0] is not GlobalRef { Kind: GlobalKind.NdArrayType })
        {
            throw Error(_opcodeAt, "_reconstruct expects numpy.ndarray as its first argument");
        }

        return new PendingArray();
    }

    private DTypeValue ReduceDType(PyTuple args)
    {
        if (args.Count < 1 || args[0] is not string code)
        {
            throw Error(_opcodeAt, "numpy.dtype expects a type string such as 'f8'");
        }

        var type = DType.FromName(code) ?? NpyHeader.ParseDescriptor(code, name, baseOffset + _opcodeAt).Type;
        return new DTypeValue(type, bigEndian: false);
    }

    private void Build()
    {
        var state = Pop();
        var target = Peek();
        switch (target)
        {
            case PendingArray pending when pending.Result is null:
                pending.Result = BuildArray(state as PyTuple ?? throw Error(_opcodeAt, "an ndarray BUILD expects a state tuple"));
                _stack[^1] = pending.Result;
                break;
            case DTypeValue dtype:
                BuildDType(dtype, state as PyTuple ?? throw Error(_opcodeAt, "a dtype BUILD expects a state tuple"));
                break;
            default:
                throw Error(_opcodeAt, $"BUILD on {PickleReader.Describe(target)} is not supported");
        }
    }

    /// <summary>dtype state: (version, byteorder, subarray, names, fields, elsize, alignment, flags[, metadata]).</summary>
    private void BuildDType(DTypeValue dtype, PyTuple state)
    {
        if (state.Count < 2 || state[1] is not string order)
        {
            throw Error(_opcodeAt, "expected a dtype state tuple (version, byteorder, ...)");
        }

        if ((state.Count > 2 && state[2] is not null) || (state.Count > 3 && state[3] is not null))
        {
            throw Error(_opcodeAt, "structured and sub-array dtypes are not supported");
        }

        dtype.BigEndian = order == ">";
    }

    /// <summary>ndarray state: ([version,] shape, dtype, is_fortran, data) where data is bytes, a latin-1 str or a list of objects.</summary>
    private NdArray BuildArray(PyTuple state)
    {
        var offset = state.Count == 5 ? 1 : 0;
        if (state.Count - offset != 4 || state[offset] is not PyTuple shapeTuple || state[offset + 1] is not DTypeValue dtype
            || state[offset + 2] is not bool fortran)
        {
            throw Error(_opcodeAt, "expected an ndarray state (version, shape, dtype, is_fortran, data)");
        }

        var shape = Shape(shapeTuple);
        var count = NdArray.ElementCount(shape);
        var payload = state[offset + 3];
        if (dtype.Type.IsObject)
        {
            if (payload is not List<object?> items || items.Count != count)
            {
                throw Error(_opcodeAt, $"expected a list of {count} objects for an object array, found {PickleReader.Describe(payload)}");
            }

            return new NdArray(dtype.Type, shape, false, items.ToArray());
        }

        var raw = BytesOf(payload) ?? throw Error(_opcodeAt, $"expected the array's data as bytes, found {PickleReader.Describe(payload)}");
        return Numeric(dtype, shape, fortran, raw);
    }

    /// <summary>The bytes of a bytes, bytearray or (Python 2, latin-1) str value, or null for anything else.</summary>
    private ReadOnlyMemory<byte>? BytesOf(object? value) => value switch
    {
        ByteSlice slice => slice.Memory,
        byte[] bytes => bytes,
        string text => Latin1(text),
        _ => null,
    };

    private NdArray Numeric(DTypeValue dtype, int[] shape, bool fortran, ReadOnlyMemory<byte> raw)
    {
        var count = NdArray.ElementCount(shape);
        if (count < 0 || count * dtype.Type.ItemSize != raw.Length)
        {
            throw Error(_opcodeAt, $"shape ({string.Join(", ", shape)}) of {dtype.Type.Name} needs {(count < 0 ? "too many" : (count * dtype.Type.ItemSize).ToString(System.Globalization.CultureInfo.InvariantCulture))} bytes, the data has {raw.Length}");
        }

        // A view of the pickle's bytes: a large array is copied (or read in place) only when used.
        return new NdArray(dtype.Type, shape, fortran, raw, dtype.BigEndian);
    }

    private int[] Shape(PyTuple tuple)
    {
        var shape = new int[tuple.Count];
        for (var i = 0; i < shape.Length; i++)
        {
            shape[i] = tuple[i] is long d and >= 0 and <= int.MaxValue ? (int)d : throw Error(_opcodeAt, $"expected a non-negative dimension, found {PickleReader.Describe(tuple[i])}");
        }

        return shape;
    }

    /// <summary><c>scalar(dtype, bytes)</c>: a numpy scalar such as <c>np.float64(2.5)</c>, as a 0-d array.</summary>
    private NdArray ReduceScalar(PyTuple args)
    {
        if (args.Count != 2 || args[0] is not DTypeValue dtype || dtype.Type.IsObject)
        {
            throw Error(_opcodeAt, "numpy scalar expects (numeric dtype, bytes)");
        }

        var raw = BytesOf(args[1]) ?? throw Error(_opcodeAt, "numpy scalar expects its value as bytes");
        return Numeric(dtype, [], false, raw);
    }

    /// <summary><c>_frombuffer(buffer, dtype, shape, order)</c>: numpy's protocol-5 pickling with an in-band buffer.</summary>
    private NdArray ReduceFromBuffer(PyTuple args)
    {
        if (args.Count != 4 || args[0] is not (ByteSlice or byte[]) || args[1] is not DTypeValue dtype || dtype.Type.IsObject
            || args[2] is not PyTuple shape || args[3] is not ("C" or "F"))
        {
            throw Error(_opcodeAt, "_frombuffer expects (buffer, numeric dtype, shape, 'C' or 'F')");
        }

        return Numeric(dtype, Shape(shape), (string)args[3]! == "F", BytesOf(args[0])!.Value);
    }

    /// <summary><c>_codecs.encode(str, 'latin1')</c>: how protocol 2 writes bytes from Python 3.</summary>
    private byte[] ReduceEncode(PyTuple args)
    {
        if (args.Count != 2 || args[0] is not string text || args[1] is not ("latin1" or "latin-1" or "iso-8859-1"))
        {
            throw Error(_opcodeAt, "_codecs.encode is accepted only as encode(str, 'latin1')");
        }

        return Latin1(text);
    }

    private byte[] ReduceBytes(PyTuple args, GlobalRef global) => args.Count switch
    {
        0 => [],
        1 when args[0] is ByteSlice or byte[] => BytesOf(args[0])!.Value.ToArray(),
        _ => throw Error(_opcodeAt, $"{global} is accepted only with no argument or one bytes argument"),
    };

    private byte[] Latin1(string text)
    {
        foreach (var c in text)
        {
            if (c > '\u00ff')
            {
                throw Error(_opcodeAt, "a latin-1 byte string holds a character above U+00FF");
            }
        }

        return Encoding.Latin1.GetBytes(text);
    }
}
