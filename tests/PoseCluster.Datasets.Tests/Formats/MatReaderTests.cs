using PoseCluster.Datasets.Formats;

namespace PoseCluster.Datasets.Tests.Formats;

public sealed class MatReaderTests
{
    public static TheoryData<string> Files() => new() { "mat/plain.mat", "mat/compressed.mat", "mat/big_endian.mat" };

    [Theory]
    [MemberData(nameof(Files))]
    public void Numeric_classes_map_to_numpy_dtypes_with_matlab_dims_and_values(string file)
    {
        var mat = MatReader.Read(Fixtures.Path(file));

        AssertArray(mat["double"], "float64", [2, 3], Fixtures.Values("float64", 6));
        AssertArray(mat["single"], "float32", [3, 2], Fixtures.Values("float32", 6));
        AssertArray(mat["int8"], "int8", [1, 4], Fixtures.Values("int8", 4));
        AssertArray(mat["uint8"], "uint8", [4, 1], Fixtures.Values("uint8", 4));
        foreach (var type in new[] { "int16", "uint16", "int32", "uint32", "int64", "uint64" })
        {
            AssertArray(mat[type], type, [2, 2], Fixtures.Values(type, 4));
        }

        AssertArray(mat["logical"], "bool", [2, 3], Fixtures.Values("bool", 6));
        AssertArray(mat["cube"], "float64", [2, 3, 4], Fixtures.Values("float64", 24));
        AssertArray(mat["scalar"], "float64", [1, 1], [4.5]);
        AssertArray(mat["empty"], "float64", [0, 0], []);
        Assert.Equal(4.0, ((NdArray)mat["nan"]!).NanSum());
        Assert.Equal(file == "mat/big_endian.mat", mat.BigEndian);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Char_cell_and_struct_values_are_read(string file)
    {
        var mat = MatReader.Read(Fixtures.Path(file));

        Assert.Equal("hello", mat["text"]);
        Assert.Equal(["ab", "cd"], (string[])mat["rows"]!);

        var cell = Assert.IsType<MatCell>(mat["cell"]);
        Assert.Equal([2, 2], cell.Dims);
        AssertArray(cell[0, 0], "float64", [1, 3], Fixtures.Values("float64", 3));
        Assert.Equal("text", cell[1, 0]);
        Assert.Equal("text", cell.Elements[1]); // column-major
        AssertArray(cell[0, 1], "int32", [2, 2], Fixtures.Values("int32", 4));

        var gt = Assert.IsType<MatCell>(mat["GTpose2"]);
        Assert.Equal([3, 1], gt.Dims);
        Assert.True(((NdArray)gt.Elements[1]!).ToDoubleArray().All(double.IsNaN));
        AssertArray(gt.Elements[2], "float64", [19, 3], Fixtures.Values("float64", 57).Select(v => v + 2).ToArray());

        var info = Assert.IsType<MatStruct>(mat["info"]);
        Assert.Equal(["fps", "camera", "K", "inner"], info.FieldNames);
        AssertArray(info["fps"], "float64", [1, 1], [50.0]);
        Assert.Equal("cam0", info["camera"]);
        AssertArray(((MatStruct)info["inner"]!)["ids"], "int16", [1, 3], Fixtures.Values("int16", 3));

        var structs = Assert.IsType<MatStruct>(mat["structs"]);
        Assert.Equal([1, 2], structs.Dims);
        Assert.Equal("second", structs.Elements[1]["name"]);
        AssertArray(structs.Elements[1]["pose"], "float32", [1, 3], Fixtures.Values("float32", 3));
    }

    [Theory]
    [InlineData("mat/sparse.mat", "sparse arrays are not supported")]
    [InlineData("mat/complex.mat", "complex arrays are not supported")]
    [InlineData("mat/v73.mat", "MAT v7.3 (HDF5)")]
    public void Unsupported_formats_are_refused_with_a_message_naming_them(string file, string message)
    {
        var error = Assert.Throws<DatasetFormatException>(() => MatReader.Read(Fixtures.Path(file)));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_file_gives_a_typed_error_with_the_offset()
    {
        var bytes = File.ReadAllBytes(Fixtures.Path("mat/plain.mat"));
        var error = Assert.Throws<DatasetFormatException>(() => MatReader.Read(bytes.AsMemory(0, 700), "cut.mat"));

        Assert.InRange(error.Offset!.Value, 128, 700);
    }

    [Fact]
    public void Dims_claiming_more_elements_than_the_data_holds_are_an_error()
    {
        var bytes = File.ReadAllBytes(Fixtures.Path("mat/plain.mat"));
        // The first variable is 'double' (2 x 3): its dims follow the 8-byte tag, the 16-byte flags and the dims tag.
        BitConverter.GetBytes(1_000_000).CopyTo(bytes, 128 + 8 + 16 + 8);

        var error = Assert.Throws<DatasetFormatException>(() => MatReader.Read(bytes, "liar.mat"));
        Assert.Contains("has 3000000 elements", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_compressed_element_claiming_a_huge_size_is_refused_before_allocating()
    {
        var bytes = File.ReadAllBytes(Fixtures.Path("mat/compressed.mat"));
        // Re-compress a tag that claims 2 GB inside a miCOMPRESSED element.
        using var payload = new MemoryStream();
        using (var zlib = new System.IO.Compression.ZLibStream(payload, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write([14, 0, 0, 0, 0, 0, 0, 0x7f]);
        }

        var element = new List<byte>(bytes[..128]);
        element.AddRange(BitConverter.GetBytes(15));
        element.AddRange(BitConverter.GetBytes((int)payload.Length));
        element.AddRange(payload.ToArray());

        var error = Assert.Throws<DatasetFormatException>(() => MatReader.Read(element.ToArray(), "bomb.mat"));
        Assert.Contains("more than zlib can produce", error.Message, StringComparison.Ordinal);
        Assert.Equal(128, error.Offset);
    }

    [Fact]
    public void A_file_without_a_mat_header_is_refused()
    {
        var error = Assert.Throws<DatasetFormatException>(() => MatReader.Read(new byte[200], "zeros.mat"));
        Assert.Contains("MAT v5", error.Message, StringComparison.Ordinal);
    }

    private static void AssertArray(object? value, string dtype, int[] dims, double[] values)
    {
        var array = Assert.IsType<NdArray>(value);
        Assert.Equal(dtype, array.DType);
        Assert.Equal(dims, array.Shape);
        Assert.Equal(values, array.ToDoubleArray());
    }
}
