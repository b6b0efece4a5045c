using PoseCluster.Datasets.Formats;

namespace PoseCluster.Datasets.Tests.Formats;

public sealed class NpzReaderTests
{
    [Theory]
    [InlineData("stored.npz")]
    [InlineData("deflated.npz")]
    public void Stored_and_deflated_archives_read_every_member_without_its_npy_suffix(string file)
    {
        var members = NpzReader.Read(Fixtures.Path(file));

        var expected = new List<string> { "positions", "valid", "ids", "fortran" };
        if (file == "deflated.npz")
        {
            expected.Insert(0, "positions_3d");
        }

        Assert.Equal(expected, members.Keys);
        Assert.Equal([3, 17, 3], members["positions"].Shape);
        Assert.Equal(Fixtures.Values("float32", 153).Select(v => (float)v), members["positions"].ToSingleArray());
        Assert.Equal("bool", members["valid"].DType);
        Assert.Equal(Fixtures.Values("int64", 4), members["ids"].ToDoubleArray());
        Assert.True(members["fortran"].FortranOrder);
        Assert.Equal(Fixtures.Values("float64", 6), members["fortran"].ToDoubleArray());
    }

    [Fact]
    public void A_videopose3d_style_object_member_holds_the_nested_dict()
    {
        var positions = NpzReader.ReadMember(Fixtures.Path("deflated.npz"), "positions_3d");

        Assert.Empty(positions.Shape);
        var subjects = (PyDict)positions.ToObjectList()[0]!;
        Assert.Equal(["S1", "S9"], subjects.Keys);
        var walking = (NdArray)((PyDict)subjects["S9"]!)["Walking"]!;
        Assert.Equal([3, 4, 3], walking.Shape);
        Assert.Equal(Fixtures.Values("float32", 36).Select(v => (float)v), walking.ToSingleArray());
    }

    [Fact]
    public void A_missing_member_is_an_error_listing_the_members()
    {
        var error = Assert.Throws<DatasetFormatException>(() => NpzReader.ReadMember(Fixtures.Path("stored.npz"), "nope"));
        Assert.Contains("positions, valid, ids, fortran", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_archive_gives_a_typed_error()
    {
        var bytes = File.ReadAllBytes(Fixtures.Path("deflated.npz"));
        Assert.Throws<DatasetFormatException>(() => NpzReader.Read(bytes.AsMemory(0, bytes.Length / 2), "cut.npz"));
    }

    [Fact]
    public void Corrupt_deflate_data_names_the_member()
    {
        var bytes = File.ReadAllBytes(Fixtures.Path("deflated.npz"));
        for (var i = 100; i < 300; i++)
        {
            bytes[i] ^= 0x5a; // inside the first member's compressed data
        }

        var error = Assert.Throws<DatasetFormatException>(() => NpzReader.Read(bytes, "bad.npz"));
        Assert.StartsWith("bad.npz:positions_3d.npy", error.FilePath, StringComparison.Ordinal);
    }

    [Fact]
    public void A_flipped_byte_in_a_stored_member_fails_the_crc_check_as_in_numpy()
    {
        var bytes = File.ReadAllBytes(Fixtures.Path("stored.npz"));
        var data = bytes.AsSpan().IndexOf(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y' }) + 200;
        bytes[data] ^= 0xff;

        var error = Assert.Throws<DatasetFormatException>(() => NpzReader.Read(bytes, "flipped.npz"));
        Assert.Equal("flipped.npz:positions.npy", error.FilePath);
        Assert.Contains("CRC-32 mismatch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_member_claiming_more_than_deflate_can_produce_is_refused_before_inflating()
    {
        var bytes = File.ReadAllBytes(Fixtures.Path("deflated.npz"));
        // Central directory entry of the first member: uncompressed size at +24 of the "PK\x01\x02" record.
        var central = System.Text.Encoding.Latin1.GetString(bytes).IndexOf("PK\u0001\u0002", StringComparison.Ordinal);
        BitConverter.GetBytes(0x7fff_0000).CopyTo(bytes, central + 24);

        var error = Assert.Throws<DatasetFormatException>(() => NpzReader.Read(bytes, "bomb.npz"));
        Assert.Contains("more than deflate can produce", error.Message, StringComparison.Ordinal);
    }
}
