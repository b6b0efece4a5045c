using PoseCluster.Storage.Shards;
using PoseCluster.Storage.Shards.Arrow;

namespace PoseCluster.Storage.Tests.Shards;

public sealed class ClipShardRoundTripTests
{
    [Fact]
    public async Task Clips_written_to_a_shard_read_back_equal_with_their_metadata()
    {
        var metadata = SyntheticClips.Metadata(windowLength: 3);
        var clips = SyntheticClips.Make(23, metadata);
        using var file = new MemoryStream();
        await ClipShardFile.WriteAsync(file, metadata, clips, rowsPerBatch: 5, CancellationToken.None);
        file.Position = 0;

        await using var reader = await ClipShardReader.OpenAsync(new MemoryStream(file.ToArray()), "mem", CancellationToken.None);
        var read = new List<PoseCluster.Datasets.Clip>();
        await foreach (var clip in reader.ReadClipsAsync(CancellationToken.None))
        {
            read.Add(clip);
        }

        Assert.Equal(metadata, reader.Metadata);
        Assert.Equal(clips.Count, read.Count);
        for (var i = 0; i < clips.Count; i++)
        {
            SyntheticClips.AssertSame(clips[i], read[i]);
        }
    }

    [Fact]
    public async Task Every_message_and_body_buffer_starts_on_an_eight_byte_boundary()
    {
        var metadata = SyntheticClips.Metadata(windowLength: 1);
        using var file = new MemoryStream();
        await ClipShardFile.WriteAsync(file, metadata, SyntheticClips.Make(3, metadata), 2, CancellationToken.None);
        var bytes = file.ToArray();

        Assert.Equal("ARROW1\0\0"u8.ToArray(), bytes[..8]);
        Assert.Equal("ARROW1"u8.ToArray(), bytes[^6..]);
        // Walk the messages: each starts with the continuation marker at an aligned offset.
        var offset = 8;
        var messages = 0;
        while (BitConverter.ToUInt32(bytes, offset) == 0xFFFFFFFF && BitConverter.ToInt32(bytes, offset + 4) > 0)
        {
            Assert.Equal(0, offset % 8);
            var metadataLength = BitConverter.ToInt32(bytes, offset + 4);
            Assert.Equal(0, metadataLength % 8);
            var message = PoseCluster.Storage.Shards.FlatBuffers.FlatBufferReader.Root(bytes.AsMemory(offset + 8, metadataLength));
            var bodyLength = message.GetInt64(3);
            Assert.Equal(0, bodyLength % 8);
            offset += 8 + metadataLength + (int)bodyLength;
            messages++;
        }

        Assert.Equal(3, messages); // schema + two record batches
    }

    [Fact]
    public async Task A_bool_column_with_nulls_round_trips_through_the_generic_reader_and_writer()
    {
        var schema = new ArrowSchema([ArrowField.Of("flag", ArrowType.Bool, nullable: true) with { Metadata = new Dictionary<string, string> { ["k"] = "v" } }], ArrowField.NoMetadata);
        bool?[] values = [true, null, false, true, true, null, false, false, true];
        using var file = new MemoryStream();
        var writer = new ArrowFileWriter(file, schema);
        await writer.WriteBatchAsync(ArrowFileWriter.Prepare(values.Length, [ArrowArray.Bool(values)]), CancellationToken.None);
        await writer.FinishAsync(CancellationToken.None);
        file.Position = 0;

        var reader = await ArrowFileReader.OpenAsync(file, "mem", null, CancellationToken.None);
        var batch = await reader.ReadBatchAsync(CancellationToken.None);

        Assert.NotNull(batch);
        Assert.Equal("v", reader.Schema.Fields[0].Metadata["k"]);
        var column = batch.Columns[0];
        Assert.Equal(2, column.NullCount);
        for (var i = 0; i < values.Length; i++)
        {
            Assert.Equal(values[i], column.IsNull(i) ? null : column.GetBool(i));
        }

        Assert.Null(await reader.ReadBatchAsync(CancellationToken.None));
    }
}
