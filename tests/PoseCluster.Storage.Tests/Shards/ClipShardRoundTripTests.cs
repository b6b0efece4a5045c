using Apache.Arrow;
using Apache.Arrow.Ipc;
using PoseCluster.Datasets;
using PoseCluster.Storage.Shards;

namespace PoseCluster.Storage.Tests.Shards;

public sealed class ClipShardRoundTripTests
{
    [Fact]
    public async Task Clips_written_to_a_shard_read_back_equal_with_their_metadata_as_views_and_as_clips()
    {
        var metadata = SyntheticClips.Metadata(windowLength: 3);
        var clips = SyntheticClips.Make(23, metadata);
        using var file = new MemoryStream();
        await ClipShardFile.WriteAsync(file, metadata, clips, rowsPerBatch: 5, CancellationToken.None);
        var bytes = file.ToArray();
        Assert.Equal("ARROW1\0\0"u8.ToArray(), bytes[..8]);
        Assert.Equal("ARROW1"u8.ToArray(), bytes[^6..]);

        await using (var reader = await ClipShardReader.OpenAsync(new MemoryStream(bytes), "mem", CancellationToken.None))
        {
            var row = 0;
            var batches = 0;
            await foreach (var batch in reader.ReadBatchesAsync(CancellationToken.None))
            {
                batches++;
                for (var i = 0; i < batch.Count; i++, row++)
                {
                    Assert.True(batch.Pose3d(i).SequenceEqual(clips[row].Pose3d));
                    Assert.Equal(clips[row].Pose2d is not null, batch.HasPose2d(i));
                    Assert.True(batch.Pose2d(i).SequenceEqual(clips[row].Pose2d ?? []));
                }
            }

            Assert.Equal((23, 5), (row, batches));
        }

        await using var again = await ClipShardReader.OpenAsync(new MemoryStream(bytes), "mem", CancellationToken.None);
        var read = new List<Clip>();
        await foreach (var clip in again.ReadClipsAsync(CancellationToken.None))
        {
            read.Add(clip);
        }

        Assert.Equal(metadata, again.Metadata);
        Assert.Equal(clips.Count, read.Count);
        for (var i = 0; i < clips.Count; i++)
        {
            SyntheticClips.AssertSame(clips[i], read[i]);
        }
    }

    [Fact]
    public async Task A_shard_written_by_the_first_own_arrow_writer_still_reads_clip_for_clip()
    {
        // tests/.../Fixtures/first-writer-clips.arrow was written by the project's first, home-made Arrow
        // writer (before Apache.Arrow) from these very clips: T = 3, 11 clips, batches of 4.
        var metadata = SyntheticClips.Metadata(windowLength: 3, version: "v-first-writer");
        var clips = SyntheticClips.Make(11, metadata, i => i % 4 == 3 ? "val" : "train");

        await using var reader = await ClipShardReader.OpenAsync(File.OpenRead(TestPaths.Fixture("first-writer-clips.arrow")), "first-writer-clips.arrow", CancellationToken.None);
        var read = new List<Clip>();
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
    public async Task A_clip_with_the_wrong_number_of_pose_values_is_refused_before_it_reaches_the_file()
    {
        var metadata = SyntheticClips.Metadata(windowLength: 4);
        var clip = SyntheticClips.Make(1, metadata)[0];
        using var file = new MemoryStream();

        await Assert.ThrowsAsync<ArgumentException>(() => ClipShardFile.WriteAsync(file, metadata, [clip with { Pose3d = new float[metadata.Pose3dLength - 1] }], 4, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => ClipShardFile.WriteAsync(file, metadata, [clip with { Pose2d = new float[metadata.Pose2dLength + 1] }], 4, CancellationToken.None));
        Assert.Equal(0, file.Length);
    }

    [Fact]
    public async Task A_file_with_a_bool_column_with_nulls_is_summarized_by_the_generic_reader()
    {
        var schema = new Schema([new Field("flag", Apache.Arrow.Types.BooleanType.Default, nullable: true, new Dictionary<string, string> { ["k"] = "v" })], null);
        bool?[] values = [true, null, false, true, true, null, false, false, true];
        var builder = new BooleanArray.Builder();
        foreach (var value in values)
        {
            if (value is { } flag)
            {
                builder.Append(flag);
            }
            else
            {
                builder.AppendNull();
            }
        }

        using var file = new MemoryStream();
        using (var writer = new ArrowFileWriter(file, schema, leaveOpen: true))
        {
            await writer.WriteRecordBatchAsync(new RecordBatch(schema, [builder.Build()], values.Length));
            await writer.WriteEndAsync();
        }

        file.Position = 0;
        var summary = await ShardSummary.ReadAsync(file, "mem", CancellationToken.None);

        Assert.Equal((9L, 1), (summary.Rows, summary.Batches));
        Assert.Equal(new ShardField("flag", "bool", true, new Dictionary<string, string> { ["k"] = "v" }) with { Metadata = summary.Fields[0].Metadata }, summary.Fields[0]);
        Assert.Equal("v", summary.Fields[0].Metadata["k"]);
        Assert.Equal(2, summary.Nulls["flag"]);
        Assert.Equal(4, summary.Sums["flag"]);
    }
}
