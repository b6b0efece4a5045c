using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace PoseCluster.Datasets.Formats;

/// <summary>
/// The pickle virtual machine behind <see cref="PickleReader"/>: a stack, a mark stack and a memo,
/// driven by one opcode at a time. Every length is checked against the bytes left before anything is
/// allocated, so memory stays bounded by the input's size.
/// </summary>
internal sealed partial class PickleMachine(ReadOnlyMemory<byte> data, string name, long baseOffset)
{
    private readonly List<object?> _stack = [];
    private readonly Stack<int> _marks = new();
    private readonly Dictionary<long, object?> _memo = [];
    private int _position;
    private int _opcodeAt;

    private ReadOnlySpan<byte> Bytes => data.Span;

    public object? Run()
    {
        if (data.Length < 2 || Bytes[0] != 0x80)
        {
            throw Error(0, "expected a pickle of protocol 2 or later (opcode PROTO 0x80 at the start)");
        }

        while (true)
        {
            if (_position >= data.Length)
            {
                throw Error(_position, "the pickle ends before its STOP opcode");
            }

            _opcodeAt = _position;
            var opcode = Bytes[_position++];
            if (opcode == (byte)'.')
            {
                if (_stack.Count != 1 || _marks.Count != 0)
                {
                    throw Error(_opcodeAt, $"STOP with {_stack.Count} values on the stack (expected exactly 1)");
                }

                return Finish(_stack[0]);
            }

            Execute(opcode);
        }
    }

    private void Execute(byte opcode)
    {
        switch (opcode)
        {
            case 0x80: // PROTO
                var protocol = ReadByte();
                if (protocol is < 2 or > 5)
                {
                    throw Error(_opcodeAt, $"expected pickle protocol 2 to 5, found {protocol}");
                }

                break;
            case 0x95: // FRAME: a length hint only
                var frame = ReadUInt64();
                if (frame > (ulong)(data.Length - _position))
                {
                    throw Error(_opcodeAt, $"FRAME of {frame} bytes runs past the end of the pickle");
                }

                break;
            case (byte)'(': _marks.Push(_stack.Count); break; // MARK
            case (byte)'0': Pop(); break; // POP
            case (byte)'1': PopMark(); break; // POP_MARK
            case (byte)'2': Push(Peek()); break; // DUP
            case (byte)'N': Push(null); break; // NONE
            case 0x88: Push(true); break; // NEWTRUE
            case 0x89: Push(false); break; // NEWFALSE
            case (byte)'J': Push((long)BinaryPrimitives.ReadInt32LittleEndian(Take(4))); break; // BININT
            case (byte)'K': Push((long)ReadByte()); break; // BININT1
            case (byte)'M': Push((long)BinaryPrimitives.ReadUInt16LittleEndian(Take(2))); break; // BININT2
            case 0x8a: Push(ReadLong(ReadByte())); break; // LONG1
            case 0x8b: Push(ReadLong(ReadLength(4))); break; // LONG4
            case (byte)'G': Push(BinaryPrimitives.ReadDoubleBigEndian(Take(8))); break; // BINFLOAT
            case (byte)'X': Push(Encoding.UTF8.GetString(Take(ReadLength(4)))); break; // BINUNICODE
            case 0x8c: Push(Encoding.UTF8.GetString(Take(ReadByte()))); break; // SHORT_BINUNICODE
            case 0x8d: Push(Encoding.UTF8.GetString(Take(ReadLength(8)))); break; // BINUNICODE8
            case (byte)'U': Push(Encoding.Latin1.GetString(Take(ReadByte()))); break; // SHORT_BINSTRING (Python 2 str, as latin-1)
            case (byte)'T': Push(Encoding.Latin1.GetString(Take(ReadLength(4, signed: true)))); break; // BINSTRING
            case (byte)'C': Push(TakeSlice(ReadByte())); break; // SHORT_BINBYTES
            case (byte)'B': Push(TakeSlice(ReadLength(4))); break; // BINBYTES
            case 0x8e: Push(TakeSlice(ReadLength(8))); break; // BINBYTES8
            case 0x96: Push(TakeSlice(ReadLength(8))); break; // BYTEARRAY8 (protocol 5 in-band buffer)
            case 0x98: Peek(); break; // READONLY_BUFFER: in-band data is already a copy
            case (byte)')': Push(PyTuple.Empty); break; // EMPTY_TUPLE
            case 0x85: Push(MakeTuple(1)); break; // TUPLE1
            case 0x86: Push(MakeTuple(2)); break; // TUPLE2
            case 0x87: Push(MakeTuple(3)); break; // TUPLE3
            case (byte)'t': Push(MakeTuple(PopMark())); break; // TUPLE
            case (byte)']': Push(new List<object?>()); break; // EMPTY_LIST
            case (byte)'l': Push(new List<object?>(PopMark().Select(Resolve))); break; // LIST
            case (byte)'a': Append(); break; // APPEND
            case (byte)'e': Appends(); break; // APPENDS
            case (byte)'}': Push(new PyDict()); break; // EMPTY_DICT
            case (byte)'d': Push(MakeDict(new PyDict(), PopMark())); break; // DICT
            case (byte)'s': SetItem(); break; // SETITEM
            case (byte)'u': SetItems(); break; // SETITEMS
            case (byte)'q': _memo[ReadByte()] = Peek(); break; // BINPUT
            case (byte)'r': _memo[BinaryPrimitives.ReadUInt32LittleEndian(Take(4))] = Peek(); break; // LONG_BINPUT
            case 0x94: _memo[_memo.Count] = Peek(); break; // MEMOIZE
            case (byte)'p': _memo[ReadDecimalLine()] = Peek(); break; // PUT
            case (byte)'h': Push(MemoGet(ReadByte())); break; // BINGET
            case (byte)'j': Push(MemoGet(BinaryPrimitives.ReadUInt32LittleEndian(Take(4)))); break; // LONG_BINGET
            case (byte)'g': Push(MemoGet(ReadDecimalLine())); break; // GET
            case (byte)'c': Push(Global(ReadLine(), ReadLine())); break; // GLOBAL
            case 0x93: StackGlobal(); break; // STACK_GLOBAL
            case (byte)'R': Reduce(); break; // REDUCE
            case (byte)'b': Build(); break; // BUILD
            default:
                throw Error(_opcodeAt, $"unsupported pickle opcode 0x{opcode:x2}{UnsupportedName(opcode)}");
        }
    }

    private static string UnsupportedName(byte opcode) => opcode switch
    {
        0x81 or 0x92 => " (NEWOBJ: class instances are not supported)",
        (byte)'i' or (byte)'o' => " (INST/OBJ: class instances are not supported)",
        0x8f or 0x90 or 0x91 => " (sets are not supported)",
        0x97 => " (NEXT_BUFFER: out-of-band buffers are not available)",
        (byte)'P' or (byte)'Q' => " (persistent ids are not supported)",
        0x82 or 0x83 or 0x84 => " (extension registry codes are not supported)",
        (byte)'I' or (byte)'L' or (byte)'F' or (byte)'S' or (byte)'V' => " (protocol 0 text opcodes are not supported)",
        _ => "",
    };

    private object? Finish(object? value) => Resolve(value);

    /// <summary>Turns machine-internal placeholders into object-model values (or refuses them).</summary>
    private object? Resolve(object? value) => value switch
    {
        PendingArray { Result: { } array } => array,
        PendingArray => throw Error(_opcodeAt, "a numpy array was used before its BUILD"),
        DTypeValue dtype => dtype.Type.Name,
        ByteSlice slice => slice.Memory.ToArray(),
        GlobalRef global => throw Error(_opcodeAt, $"the global {global} cannot be used as a value"),
        PyTuple { HasPlaceholder: true } tuple => new PyTuple(tuple.Select(Resolve).ToArray()),
        _ => value,
    };

    private void Push(object? value) => _stack.Add(value);

    private object? Pop()
    {
        var floor = _marks.Count > 0 ? _marks.Peek() : 0;
        if (_stack.Count <= floor)
        {
            throw Error(_opcodeAt, "stack underflow");
        }

        var value = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return value;
    }

    private object? Peek()
    {
        var floor = _marks.Count > 0 ? _marks.Peek() : 0;
        return _stack.Count > floor ? _stack[^1] : throw Error(_opcodeAt, "stack underflow");
    }

    /// <summary>Pops everything above the latest MARK, oldest first.</summary>
    private object?[] PopMark()
    {
        if (_marks.Count == 0)
        {
            throw Error(_opcodeAt, "no MARK on the stack");
        }

        var start = _marks.Pop();
        var items = _stack.GetRange(start, _stack.Count - start).ToArray();
        _stack.RemoveRange(start, _stack.Count - start);
        return items;
    }

    private object? MemoGet(long key) =>
        _memo.TryGetValue(key, out var value) ? value : throw Error(_opcodeAt, $"memo key {key} was never stored");

    private PyTuple MakeTuple(int count)
    {
        var items = new object?[count];
        for (var i = count - 1; i >= 0; i--)
        {
            items[i] = Pop();
        }

        return MakeTuple(items);
    }

    private PyTuple MakeTuple(object?[] items)
    {
        for (var i = 0; i < items.Length; i++)
        {
            // Placeholders stay inside tuples: numpy passes its reconstructor arguments as tuples.
            if (items[i] is PendingArray { Result: { } array })
            {
                items[i] = array;
            }
        }

        var tuple = new PyTuple(items);
        return tuple.Depth <= PyTuple.MaxDepth ? tuple : throw Error(_opcodeAt, $"tuples nest deeper than {PyTuple.MaxDepth}");
    }

    private void Append()
    {
        var value = Resolve(Pop());
        TargetList().Add(value);
    }

    private void Appends()
    {
        var items = PopMark();
        var list = TargetList();
        foreach (var item in items)
        {
            list.Add(Resolve(item));
        }
    }

    private List<object?> TargetList() =>
        Peek() as List<object?> ?? throw Error(_opcodeAt, $"APPEND to {PickleReader.Describe(Peek())}, expected a list");

    private void SetItem()
    {
        var value = Pop();
        var key = Pop();
        var dict = Peek() as PyDict ?? throw Error(_opcodeAt, $"SETITEM on {PickleReader.Describe(Peek())}, expected a dict");
        MakeDict(dict, [key, value]);
    }

    private void SetItems()
    {
        var items = PopMark();
        var dict = Peek() as PyDict ?? throw Error(_opcodeAt, $"SETITEMS on {PickleReader.Describe(Peek())}, expected a dict");
        MakeDict(dict, items);
    }

    private PyDict MakeDict(PyDict dict, object?[] pairs)
    {
        if (pairs.Length % 2 != 0)
        {
            throw Error(_opcodeAt, "a dict needs key/value pairs, found an odd number of items");
        }

        for (var i = 0; i < pairs.Length; i += 2)
        {
            var key = Resolve(pairs[i]) switch
            {
                null => throw Error(_opcodeAt, "None as a dict key is not supported"),
                List<object?> or PyDict or NdArray => throw Error(_opcodeAt, $"unhashable dict key: {PickleReader.Describe(pairs[i])}"),
                var k => k,
            };
            dict.Set(key, Resolve(pairs[i + 1]));
        }

        return dict;
    }

    private DatasetFormatException Error(long offset, string problem) => new(name, baseOffset + offset, problem);
}
