using PoseCluster.Datasets.Formats;

namespace PoseCluster.Datasets.Tests.Formats;

public sealed class NpyReaderTests
{
    public static TheoryData<string, string> Files()
    {
        var data = new TheoryData<string, string>();
        foreach (var dtype in new[] { "bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float16", "float32", "float64" })
        {
            data.Add(dtype, "le");
            if (dtype is not ("bool" or "int8" or "uint8"))
            {
                data.Add(dtype, "be");
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_dtype_in_either_byte_order_reads_back_numpys_values_shape_and_dtype(string dtype, string order)
    {
        var array = NpyReader.Read(Fixtures.Path($"npy/{dtype}_{order}.npy"));

        Assert.Equal(dtype, array.DType);
        Assert.Equal([2, 3], array.Shape);
        Assert.False(array.FortranOrder);
        Assert.Equal(Fixtures.Values(dtype, 6), array.ToDoubleArray());
    }

    [Fact]
    public void A_fortran_order_array_is_returned_in_c_order_by_the_accessors()
    {
        var array = NpyReader.Read(Fixtures.Path("npy/float64_fortran.npy"));

        Assert.True(array.FortranOrder);
        Assert.Equal([3, 4], array.Shape);
        Assert.Equal(Fixtures.Values("float64", 12), array.ToDoubleArray());
        // Storage order is column-major: the second stored element is row 1, column 0.
        Assert.Equal(Fixtures.Values("float64", 12)[4], array.AsSpan<double>()[1]);
    }

    [Fact]
    public void A_big_endian_fortran_3d_array_reads_in_c_order()
    {
        var array = NpyReader.Read(Fixtures.Path("npy/int16_fortran_3d.npy"));

        Assert.Equal("int16", array.DType);
        Assert.Equal([2, 3, 4], array.Shape);
        Assert.Equal(Fixtures.Values("int16", 24), array.ToDoubleArray());
        Assert.Equal(Fixtures.Values("int16", 24).Select(v => (float)v), array.ToSingleArray());
    }

    [Theory]
    [InlineData("npy/float32_v2.npy")]
    [InlineData("npy/float32_v3.npy")]
    public void Format_versions_2_and_3_are_read(string file)
    {
        var array = NpyReader.Read(Fixtures.Path(file));

        Assert.Equal([4, 2], array.Shape);
        Assert.Equal(Fixtures.Values("float32", 8).Select(v => (float)v), array.AsSpan<float>().ToArray());
    }

    [Fact]
    public void A_zero_dimensional_array_has_an_empty_shape_and_one_element()
    {
        var array = NpyReader.Read(Fixtures.Path("npy/scalar_0d.npy"));

        Assert.Empty(array.Shape);
        Assert.Equal([2.5], array.ToDoubleArray());
    }

    [Fact]
    public void An_empty_array_keeps_its_shape()
    {
        var array = NpyReader.Read(Fixtures.Path("npy/empty_0x3.npy"));

        Assert.Equal([0, 3], array.Shape);
        Assert.Equal(0, array.Count);
    }

    [Fact]
    public void Nan_sum_skips_nan_like_numpy_nansum()
    {
        Assert.Equal(3.0, NpyReader.Read(Fixtures.Path("npy/nan_float64.npy")).NanSum());
    }

    [Fact]
    public void An_object_array_holds_the_pickled_python_objects()
    {
        var array = NpyReader.Read(Fixtures.Path("npy/object_array.npy"));

        Assert.Equal("object", array.DType);
        Assert.Equal([4], array.Shape);
        var items = array.ToObjectList();
        Assert.Equal(7L, items[0]);
        Assert.Equal("seven", items[1]);
        Assert.Equal([1.5, null], (List<object?>)items[2]!);
        var pose = (NdArray)((PyDict)items[3]!)["pose"]!;
        Assert.Equal([2, 2, 3], pose.Shape);
        Assert.Equal(Fixtures.Values("float32", 12).Select(v => (float)v), pose.ToSingleArray());
    }

    [Fact]
    public void Reading_from_memory_and_from_a_stream_gives_the_same_array()
    {
        var bytes = File.ReadAllBytes(Fixtures.Path("npy/float64_le.npy"));
        using var stream = new MemoryStream(bytes);

        Assert.Equal(NpyReader.Read(bytes, "mem.npy").ToDoubleArray(), NpyReader.Read(stream, "stream.npy").ToDoubleArray());
    }

    [Fact]
    public void A_truncated_file_names_the_file_and_the_offset_where_data_ends()
    {
        var bytes = File.ReadAllBytes(Fixtures.Path("npy/float64_le.npy"));
        var error = Assert.Throws<DatasetFormatException>(() => NpyReader.Read(bytes.AsMemory(0, bytes.Length - 5), "cut.npy"));

        Assert.Equal("cut.npy", error.FilePath);
        Assert.Equal(128, error.Offset);
        Assert.Contains("48 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_claiming_a_trillion_elements_is_an_error_not_an_allocation()
    {
        var bytes = File.ReadAllBytes(Fixtures.Path("npy/float64_le.npy"));
        var text = System.Text.Encoding.Latin1.GetString(bytes);
        var lying = System.Text.Encoding.Latin1.GetBytes(text.Replace("(2, 3)", "(1000000, 1000000)", StringComparison.Ordinal).Remove(118, 12));

        var error = Assert.Throws<DatasetFormatException>(() => NpyReader.Read(lying, "liar.npy"));
        Assert.Contains("claims shape (1000000, 1000000)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "magic")]
    [InlineData(6, "version")]
    [InlineData(20, "header")]
    public void A_corrupted_header_byte_gives_a_typed_error(int position, string expected)
    {
        var bytes = File.ReadAllBytes(Fixtures.Path("npy/float64_le.npy"));
        bytes[position] = 9;

        var error = Assert.Throws<DatasetFormatException>(() => NpyReader.Read(bytes, "bad.npy"));
        Assert.Contains(expected, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_missing_file_is_a_dataset_format_error_naming_it()
    {
        var error = Assert.Throws<DatasetFormatException>(() => NpyReader.Read(Fixtures.Path("npy/absent.npy")));
        Assert.EndsWith("absent.npy", error.FilePath, StringComparison.Ordinal);
    }
}
