using PoseCluster.Datasets.Formats;

namespace PoseCluster.Datasets.Tests.Formats;

public sealed class NpyWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("posecluster-npy-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_written_float32_array_reads_back_identically()
    {
        var file = Path.Combine(_dir, "a.npy");
        var values = Enumerable.Range(0, 24).Select(i => i * 0.5f).ToArray();
        NpyWriter.Write(file, values, 2, 4, 3);

        var array = NpyReader.Read(file);
        Assert.Equal("float32", array.DType);
        Assert.Equal([2, 4, 3], array.Shape);
        Assert.Equal(values, array.ToSingleArray());
        Assert.Equal(0, (new FileInfo(file).Length - (24 * 4)) % 64);
    }

    [Fact]
    public void The_header_is_byte_identical_to_what_numpy_save_writes()
    {
        var numpy = File.ReadAllBytes(Fixtures.Path("npy/float64_le.npy"));
        var file = Path.Combine(_dir, "b.npy");
        NpyWriter.Write(file, Fixtures.Values("float64", 6), 2, 3);

        Assert.Equal(numpy, File.ReadAllBytes(file));
    }

    [Fact]
    public void Int32_and_one_dimensional_headers_match_numpy()
    {
        var numpy = File.ReadAllBytes(Fixtures.Path("npy/int32_le.npy"));
        var file = Path.Combine(_dir, "c.npy");
        NpyWriter.Write(file, Fixtures.Values("int32", 6).Select(v => (int)v).ToArray(), 2, 3);
        Assert.Equal(numpy, File.ReadAllBytes(file));

        NpyWriter.Write(file, new float[] { 1, 2, 3 }, 3);
        Assert.Contains("'shape': (3,)", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(file)), StringComparison.Ordinal);
    }
}
