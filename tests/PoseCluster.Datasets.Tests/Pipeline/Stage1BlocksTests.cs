using PoseCluster.Datasets.Pipeline;

namespace PoseCluster.Datasets.Tests.Pipeline;

public sealed class Stage1BlocksTests
{
    private static Stage1Payload Payload(int frames, bool has2d)
    {
        var random = new Random(frames);
        var positions = Enumerable.Range(0, frames * 51).Select(_ => (float)random.NextDouble() * 1000).ToArray();
        var valid = Enumerable.Range(0, frames).Select(f => f % 7 != 3).ToArray();
        return new Stage1Payload(positions, valid, has2d ? [.. Enumerable.Range(0, frames * 34).Select(i => (float)i)] : null);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(5, false)]
    [InlineData(33, true)]
    public void A_block_streamed_in_pieces_equals_the_whole_block_and_decodes_to_the_payload(int frames, bool has2d)
    {
        var payload = Payload(frames, has2d);
        var (block, checksum) = Stage1Blocks.Encode(payload);
        Assert.Equal(Stage1Blocks.Length(frames, has2d), block.Length);
        Assert.Equal(Stage1Blocks.Checksum(payload), checksum);

        var pieces = new List<byte>();
        var buffer = new byte[7];
        long offset = 0;
        int n;
        while ((n = Stage1Blocks.CopyBlock(payload, checksum, offset, buffer)) > 0)
        {
            pieces.AddRange(buffer[..n]);
            offset += n;
        }

        Assert.Equal(block, pieces);
        var decoded = Stage1Blocks.Decode(block, frames, has2d, checksum, "x", 0);
        Assert.Equal(payload.Positions, decoded.Positions);
        Assert.Equal(payload.Valid, decoded.Valid);
        Assert.Equal(payload.Keypoints2D, decoded.Keypoints2D);
    }

    [Fact]
    public void A_damaged_or_mislabelled_block_is_refused_naming_the_object_and_offset()
    {
        var payload = Payload(12, false);
        var (block, checksum) = Stage1Blocks.Encode(payload);
        var flipped = (byte[])block.Clone();
        flipped[40] ^= 1;
        var damaged = Assert.Throws<Stage1FormatException>(() => Stage1Blocks.Decode(flipped, 12, false, checksum, "stage1/a/b/data.bin", 4096));
        Assert.Contains("stage1/a/b/data.bin: at byte 4096", damaged.Message, StringComparison.Ordinal);
        Assert.Contains("checksum mismatch", damaged.Message, StringComparison.Ordinal);
        Assert.Throws<Stage1FormatException>(() => Stage1Blocks.Decode(block, 13, false, checksum, "x", 0));
        Assert.Throws<Stage1FormatException>(() => Stage1Blocks.Decode(block[..^1], 12, false, checksum, "x", 0));
        Assert.Throws<Stage1FormatException>(() => Stage1Blocks.Decode(block, 12, false, "00000000", "x", 0));
    }

    [Fact]
    public void The_data_stream_lays_the_accepted_blocks_back_to_back_at_their_offsets()
    {
        var results = Stage1.LayOut(
        [
            Result(0, Payload(3, false)),
            new Stage1Result(Stage1Sequence.Rejected(1, "s", "rejected", "world", "x", "no valid frames"), null),
            Result(2, Payload(9, true)),
        ]);
        using var stream = new Stage1DataStream(results);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var data = copy.ToArray();
        foreach (var result in results.Where(r => r.Payload is not null))
        {
            var where = result.Sequence.Block!;
            var decoded = Stage1Blocks.Decode(data.AsSpan((int)where.Offset, (int)where.Bytes), result.Payload!.FrameCount, result.Payload.Keypoints2D is not null, where.Checksum, "data", where.Offset);
            Assert.Equal(result.Payload.Positions, decoded.Positions);
        }

        Assert.Equal(results[2].Sequence.Block!.Offset + results[2].Sequence.Block!.Bytes, data.Length);
    }

    private static Stage1Result Result(int index, Stage1Payload payload) =>
        new(new Stage1Sequence(index, "s", $"a{index}", "world", "x", 50, payload.FrameCount, Stage1.ValidRuns(payload.Valid), 0, new double[9], 1, 1, 1,
            payload.Keypoints2D is not null, new Stage1Block(0, Stage1Blocks.Length(payload.FrameCount, payload.Keypoints2D is not null), Stage1Blocks.Checksum(payload)), null), payload);
}
