using System.Text.Json;
using PoseCluster.Storage.Objects;
using PoseCluster.Storage.Shards;
using PoseCluster.Testing;

namespace PoseCluster.Storage.Tests.Shards;

/// <summary>Our shards against the reference implementation: apache-arrow (npm) reads ours, ours reads theirs.</summary>
public sealed class ApacheArrowConformanceTests
{
    [Fact]
    public async Task Apache_arrow_reads_a_corpus_shard_clip_for_clip_with_the_schema_we_wrote()
    {
        var metadata = SyntheticClips.Metadata(windowLength: 4);
        var clips = SyntheticClips.Make(41, metadata);
        var folder = TestPaths.NewTemporaryFolder();
        var store = ObjectStores.Folder(folder);
        CorpusManifest manifest;
        var writer = new CorpusWriter(store, metadata, new CorpusWriterOptions(1 << 20, 16 * ((metadata.Pose3dLength + metadata.Pose2dLength) * 4 + 128)));
        await using (writer)
        {
            foreach (var clip in clips)
            {
                await writer.AddAsync(clip, CancellationToken.None);
            }

            manifest = await writer.CompleteAsync(CancellationToken.None);
        }

        var path = Path.Combine(folder, manifest.Shards.Single().Key);
        using var result = JsonDocument.Parse(await NodeScript.RunAsync("arrow-check", "check.mjs", path, "--rows"));
        var root = result.RootElement;

        Assert.Equal(41, root.GetProperty("rows").GetInt32());
        Assert.Equal(3, root.GetProperty("batches").GetInt32());
        var fields = root.GetProperty("fields").EnumerateArray().Select(f => (f.GetProperty("name").GetString(), f.GetProperty("type").GetString(), f.GetProperty("nullable").GetBoolean())).ToList();
        Assert.Equal(
            [
                ("clip_id", "Utf8", false), ("dataset", "Utf8", false), ("subject", "Utf8", false), ("action", "Utf8", false),
                ("camera", "Utf8", false), ("split", "Utf8", false), ("start_frame", "Int32", false), ("fps", "Float32", false),
                ("pose3d", "FixedSizeList[204]<Float32>", false), ("pose2d", "FixedSizeList[136]<Float32>", true),
            ],
            fields);
        var schemaMetadata = root.GetProperty("metadata");
        foreach (var (key, value) in metadata.ToKeyValues())
        {
            Assert.Equal(value, schemaMetadata.GetProperty(key).GetString());
        }

        Assert.Equal("4,17,3", root.GetProperty("fields")[8].GetProperty("metadata").GetProperty("shape").GetString());
        Assert.Equal(clips.Count(c => c.Pose2d is null), root.GetProperty("nulls").GetProperty("pose2d").GetInt32());
        var rows = root.GetProperty("clips").EnumerateArray().ToList();
        Assert.Equal(clips.Count, rows.Count);
        for (var i = 0; i < clips.Count; i++)
        {
            var (expected, row) = (clips[i], rows[i]);
            Assert.Equal(
                (expected.ClipId, expected.Dataset, expected.Subject, expected.Action, expected.Camera, expected.Split, expected.StartFrame),
                (row.GetProperty("clip_id").GetString(), row.GetProperty("dataset").GetString(), row.GetProperty("subject").GetString(),
                 row.GetProperty("action").GetString(), row.GetProperty("camera").GetString(), row.GetProperty("split").GetString(), row.GetProperty("start_frame").GetInt32()));
            Assert.Equal(expected.Fps, row.GetProperty("fps").GetSingle());
            AssertClose(expected.Pose3d.Sum(v => (double)v), row.GetProperty("pose3d").GetDouble());
            if (expected.Pose2d is null)
            {
                Assert.Equal(JsonValueKind.Null, row.GetProperty("pose2d").ValueKind);
            }
            else
            {
                AssertClose(expected.Pose2d.Sum(v => (double)v), row.GetProperty("pose2d").GetDouble());
            }
        }
    }

    [Fact]
    public async Task Our_reader_reads_a_shard_written_by_apache_arrow()
    {
        using var expected = JsonDocument.Parse(await File.ReadAllTextAsync(TestPaths.Fixture("apache-arrow-clips.json")));
        var want = expected.RootElement;

        await using var reader = await ClipShardReader.OpenAsync(File.OpenRead(TestPaths.Fixture("apache-arrow-clips.arrow")), "apache-arrow-clips.arrow", CancellationToken.None);
        var clips = new List<PoseCluster.Datasets.Clip>();
        await foreach (var clip in reader.ReadClipsAsync(CancellationToken.None))
        {
            clips.Add(clip);
        }

        Assert.Equal("fixture-v1", reader.Metadata.CorpusVersion);
        Assert.Equal(2, reader.Metadata.WindowLength);
        Assert.Equal(480.25, reader.Metadata.MeanShoulderToPelvis);
        Assert.Equal(want.GetProperty("rows").GetInt32(), clips.Count);
        Assert.Equal(want.GetProperty("firstClipId").GetString(), clips[0].ClipId);
        Assert.Equal(want.GetProperty("start_frame").GetDouble(), clips.Sum(c => c.StartFrame));
        Assert.Equal(want.GetProperty("fps").GetDouble(), clips.Sum(c => (double)c.Fps), 3);
        AssertClose(want.GetProperty("pose3d").GetDouble(), clips.Sum(c => c.Pose3d.Sum(v => (double)v)));
        AssertClose(want.GetProperty("pose2d").GetDouble(), clips.Where(c => c.Pose2d is not null).Sum(c => c.Pose2d!.Sum(v => (double)v)));
        Assert.Null(clips[want.GetProperty("pose2dNullRow").GetInt32()].Pose2d);
        Assert.Equal(["train", "train", "val", "test", "train"], clips.Select(c => c.Split));
    }

    [Fact]
    public async Task Our_reader_reads_the_apache_arrow_shard_from_a_forward_only_stream_too()
    {
        // apache-arrow keeps the schema only in the footer; a forward-only stream must still work.
        var bytes = await File.ReadAllBytesAsync(TestPaths.Fixture("apache-arrow-clips.arrow"));
        await using var reader = await ClipShardReader.OpenAsync(new ForwardOnlyStream(bytes), "fixture", CancellationToken.None);
        var count = 0;
        await foreach (var batch in reader.ReadBatchesAsync(CancellationToken.None))
        {
            count += batch.Count;
        }

        Assert.Equal(5, count);
    }

    private static void AssertClose(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-6 * Math.Max(1, Math.Abs(expected)), $"expected {expected}, got {actual}");
}
