using PoseCluster.Datasets.Formats;

namespace PoseCluster.Datasets.Tests.Formats;

public sealed class FormatInspectorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("posecluster-inspector-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_long_list_of_plain_numbers_is_not_mistaken_for_a_blow_up()
    {
        // PROTO 2, EMPTY_LIST, MARK, 1.2 million BININT1, APPENDS, STOP.
        var bytes = new List<byte> { 0x80, 2, (byte)']', (byte)'(' };
        for (var i = 0; i < 1_200_000; i++)
        {
            bytes.Add((byte)'K');
            bytes.Add(1);
        }

        bytes.AddRange("e."u8.ToArray());
        var file = Path.Combine(_dir, "numbers.pkl");
        File.WriteAllBytes(file, [.. bytes]);

        var result = FormatInspector.Inspect(file);
        Assert.Equal("pickle", result.Format);
        Assert.Empty(result.Arrays);
    }

    [Fact]
    public void A_list_that_contains_itself_is_walked_once()
    {
        // l = []; l.append(l): EMPTY_LIST, BINPUT 0, BINGET 0, APPEND, STOP.
        byte[] cyclic = [0x80, 2, (byte)']', (byte)'q', 0, (byte)'h', 0, (byte)'a', (byte)'.'];
        var file = Path.Combine(_dir, "cycle.pkl");
        File.WriteAllBytes(file, cyclic);

        var list = (List<object?>)PickleReader.Read(file)!;
        Assert.Same(list, list[0]);
        Assert.Empty(FormatInspector.Inspect(file).Arrays);
    }

    [Fact]
    public void The_format_comes_from_the_bytes_not_the_extension()
    {
        var file = Path.Combine(_dir, "really_a_pickle.npy");
        File.Copy(Fixtures.Path("pkl/aistpp_like.pkl"), file);

        var result = FormatInspector.Inspect(file);
        Assert.Equal("pickle", result.Format);
        Assert.Equal(["keypoints3d", "keypoints3d_optim"], result.Arrays.Select(a => a.Name));
    }
}
