using System.Numerics;
using PoseCluster.Datasets.Formats;

namespace PoseCluster.Datasets.Tests.Formats;

public sealed class PickleReaderTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Every_protocol_reads_every_plain_python_value(int protocol)
    {
        var data = (PyDict)PickleReader.Read(Fixtures.Path($"pkl/data_p{protocol}.pkl"))!;

        Assert.Null(data["none"]);
        Assert.Equal(true, data["true"]);
        Assert.Equal(false, data["false"]);
        Assert.Equal(7L, data["small"]);
        Assert.Equal(40000L, data["int2"]);
        Assert.Equal(-300L, data["neg"]);
        Assert.Equal((long)int.MinValue, data["int4"]);
        Assert.Equal(BigInteger.Pow(2, 70), data["long1"]);
        Assert.Equal(-BigInteger.Pow(2, 65), data["neglong"]);
        Assert.Equal(BigInteger.Pow(2, 2100) + 5, data["long4"]);
        Assert.Equal(1.5, data["float"]);
        Assert.Equal(-1e-300, data["negfloat"]);
        Assert.Equal("h\u00e9llo \u2603", data["str"]);
        Assert.Equal("", data["empty"]);
        Assert.Equal(new byte[] { 0, 1, 255 }, data["bytes"]);
        Assert.Equal(Array.Empty<byte>(), data["emptybytes"]);
        var tuple = (PyTuple)data["tuple"]!;
        Assert.Equal(1L, tuple[0]);
        Assert.Equal("a", tuple[1]);
        Assert.Equal(2.5, ((PyTuple)tuple[2]!)[0]);
        Assert.Empty((PyTuple)data["empty_tuple"]!);
        Assert.Equal(Enumerable.Range(0, 1005).Select(i => (object?)(long)i), (List<object?>)data["list"]!);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Nested_containers_keep_their_keys_and_shared_objects_stay_shared(int protocol)
    {
        var data = (PyDict)PickleReader.Read(Fixtures.Path($"pkl/data_p{protocol}.pkl"))!;

        var nested = (PyDict)data["nested"]!;
        Assert.Equal(["k", 3L, new PyTuple([1L, 2L])], nested.Keys);
        Assert.Equal("tuple key", nested[new PyTuple([1L, 2L])]);
        var deep = (PyTuple)((PyDict)((List<object?>)nested["k"]!)[0]!)["deep"]!;
        Assert.Null(deep[0]);
        Assert.Same(data["shared_a"], data["shared_b"]);
        Assert.Same(data["shared_a"], deep[1]);
        Assert.Equal(Enumerable.Range(0, 300).Select(i => (object?)$"s{i}"), (List<object?>)data["many"]!);
        Assert.Same(data["late_a"], data["late_b"]); // memo index above 255: LONG_BINPUT / LONG_BINGET
        Assert.Equal("none", data.Keys.First());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Numpy_arrays_inside_a_pickle_keep_dtype_shape_order_and_values(int protocol)
    {
        var data = (PyDict)PickleReader.Read(Fixtures.Path($"pkl/data_p{protocol}.pkl"))!;

        AssertArray(data["f32"], "float32", [2, 3], Fixtures.Values("float32", 6));
        var fortran = AssertArray(data["f64_fortran"], "float64", [3, 2], Fixtures.Values("float64", 6));
        Assert.True(fortran.FortranOrder);
        AssertArray(data["i32_be"], "int32", [5], Fixtures.Values("int32", 5));
        AssertArray(data["mask"], "bool", [2, 2], Fixtures.Values("bool", 4));
        AssertArray(data["u16"], "uint16", [3], Fixtures.Values("uint16", 3));
        AssertArray(data["f16"], "float16", [2], Fixtures.Values("float16", 2));
        AssertArray(data["i8"], "int8", [0, 2], []);
        Assert.Equal([ulong.MaxValue, 0UL], ((NdArray)data["u64"]!).AsSpan<ulong>().ToArray());
        AssertArray(data["scalar"], "float64", [], [2.5]);
        var objects = (NdArray)data["objects"]!;
        Assert.Equal("object", objects.DType);
        Assert.Equal("s", objects.ToObjectList()[1]);
        Assert.Equal(3L, objects.ToObjectList()[2]);
        AssertArray(((PyDict)objects.ToObjectList()[0]!)["x"], "float64", [2], Fixtures.Values("float64", 2));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void Numpy_2_module_names_are_accepted(int protocol)
    {
        var data = (PyDict)PickleReader.Read(Fixtures.Path($"pkl/numpy2_p{protocol}.pkl"))!;

        AssertArray(data["f32"], "float32", [2, 3], Fixtures.Values("float32", 6));
        Assert.True(AssertArray(data["f64_fortran"], "float64", [3, 2], Fixtures.Values("float64", 6)).FortranOrder);
        Assert.Equal(["a", 1L], ((NdArray)data["objects"]!).ToObjectList());
    }

    [Fact]
    public void An_aist_plus_plus_style_keypoints_file_keeps_its_nan_frames()
    {
        var data = (PyDict)PickleReader.Read(Fixtures.Path("pkl/aistpp_like.pkl"))!;
        var keypoints = (NdArray)data["keypoints3d_optim"]!;

        Assert.Equal([4, 17, 3], keypoints.Shape);
        var values = keypoints.ToDoubleArray();
        Assert.True(values.Skip(51).Take(51).All(double.IsNaN));
        Assert.Equal(2 * Fixtures.Values("float32", 1)[0], values[0]);
    }

    [Theory]
    [InlineData("pkl/evil_os_system.pkl", "posix.system")]
    [InlineData("pkl/evil_os_system_handmade.pkl", "os.system")]
    [InlineData("pkl/evil_builtins_eval.pkl", "builtins.eval")]
    [InlineData("pkl/evil_getattr.pkl", "builtins.getattr")]
    public void A_malicious_pickle_is_refused_naming_the_global(string file, string global)
    {
        var error = Assert.Throws<DatasetFormatException>(() => PickleReader.Read(Fixtures.Path(file)));

        Assert.Contains($"refused global {global}", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Offset);
    }

    [Fact]
    public void Reduce_on_an_allowed_data_constructor_with_wrong_arguments_is_refused()
    {
        // _codecs.encode('x', 'rot13'): allowed global, but only the latin-1 form is data.
        byte[] bytes = [0x80, 2, .. "c_codecs\nencode\n"u8, 0x8c, 1, (byte)'x', 0x8c, 5, .. "rot13"u8, 0x86, (byte)'R', (byte)'.'];

        var error = Assert.Throws<DatasetFormatException>(() => PickleReader.Read(bytes, "rot13.pkl"));
        Assert.Contains("latin1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_pickle_gives_a_typed_error_with_the_offset()
    {
        var bytes = File.ReadAllBytes(Fixtures.Path("pkl/data_p4.pkl"));
        var error = Assert.Throws<DatasetFormatException>(() => PickleReader.Read(bytes.AsMemory(0, 2000), "cut.pkl"));

        Assert.Equal("cut.pkl", error.FilePath);
        Assert.InRange(error.Offset!.Value, 0, 2000);
    }

    [Fact]
    public void A_length_prefix_past_the_end_is_an_error_not_an_allocation()
    {
        byte[] bytes = [0x80, 4, 0x8e, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, (byte)'.'];

        var error = Assert.Throws<DatasetFormatException>(() => PickleReader.Read(bytes, "huge.pkl"));
        Assert.Equal(2, error.Offset);
        Assert.Contains("runs past the end", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_array_whose_shape_lies_about_its_data_is_an_error()
    {
        var bytes = File.ReadAllBytes(Fixtures.Path("pkl/numpy2_p5.pkl"));
        var text = System.Text.Encoding.Latin1.GetString(bytes);
        var at = text.IndexOf("K\u0002K\u0003\u0086", StringComparison.Ordinal); // shape (2, 3) of f32
        bytes[at + 3] = 9;

        var error = Assert.Throws<DatasetFormatException>(() => PickleReader.Read(bytes, "liar.pkl"));
        Assert.Contains("shape (2, 9) of float32 needs 72 bytes, the data has 24", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Protocol_0_and_1_pickles_are_refused_as_unsupported()
    {
        var error = Assert.Throws<DatasetFormatException>(() => PickleReader.Read("(lp0\nI1\na."u8.ToArray(), "old.pkl"));
        Assert.Contains("protocol 2", error.Message, StringComparison.Ordinal);
    }

    private static NdArray AssertArray(object? value, string dtype, int[] shape, double[] values)
    {
        var array = Assert.IsType<NdArray>(value);
        Assert.Equal(dtype, array.DType);
        Assert.Equal(shape, array.Shape);
        Assert.Equal(values, array.ToDoubleArray());
        return array;
    }
}
