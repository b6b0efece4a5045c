using System.Text.Json;
using PoseCluster.Datasets;
using PoseCluster.Host.Cli;
using PoseCluster.Storage.Objects;
using PoseCluster.Storage.Shards;

namespace PoseCluster.Host.Tests.Cli;

public sealed class ShardInspectionTests
{
    private static async Task<(string Path, List<Clip> Clips)> WriteShardAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "posecluster-host-tests", Guid.NewGuid().ToString("N"));
        var metadata = new ClipShardMetadata("v1", "h36m-17", 2, 2, "mm", 350, 480);
        var clips = Enumerable.Range(0, 9).Select(i => new Clip(
            $"h36m/S1/Walking.c@{i}", "h36m", "S1", "Walking", "c", i * 2, 50f, "train",
            Enumerable.Repeat((float)i, metadata.Pose3dLength).ToArray(),
            i % 2 == 0 ? Enumerable.Repeat(1f, metadata.Pose2dLength).ToArray() : null)).ToList();
        var writer = new CorpusWriter(ObjectStores.Folder(folder), metadata, CorpusWriterOptions.Default);
        await using (writer)
        {
            foreach (var clip in clips)
            {
                await writer.AddAsync(clip, CancellationToken.None);
            }

            await writer.CompleteAsync(CancellationToken.None);
        }

        return (Path.Combine(folder, "corpora", "v1", "train", "shard-00000.arrow"), clips);
    }

    [Fact]
    public async Task Inspecting_a_shard_prints_schema_metadata_rows_and_column_sums_as_json()
    {
        var (path, clips) = await WriteShardAsync();
        using var output = new StringWriter();
        var context = new CliContext(output, TextWriter.Null, new Dictionary<string, string>());

        Assert.True(ShardInspection.Handles(path));
        var code = await ShardInspection.RunAsync(path, json: true, context, CancellationToken.None);

        Assert.Equal(0, code);
        var root = JsonDocument.Parse(output.ToString()).RootElement;
        Assert.Equal(9, root.GetProperty("rows").GetInt64());
        Assert.Equal("2", root.GetProperty("metadata").GetProperty("T").GetString());
        Assert.Equal("fixed_size_list<float32>[102]", root.GetProperty("schema")[8].GetProperty("type").GetString());
        var sums = root.GetProperty("sums");
        Assert.Equal(clips.Sum(c => c.StartFrame), sums.GetProperty("start_frame").GetDouble());
        Assert.Equal(450, sums.GetProperty("fps").GetDouble());
        Assert.Equal(clips.Sum(c => c.Pose3d.Sum()), sums.GetProperty("pose3d").GetDouble());
        Assert.Equal(5 * 68, sums.GetProperty("pose2d").GetDouble());
        Assert.Equal(4, root.GetProperty("nulls").GetProperty("pose2d").GetInt64());
    }

    [Fact]
    public async Task Posecluster_inspect_hands_arrow_files_to_the_shard_inspection()
    {
        var (path, _) = await WriteShardAsync();

        var result = await CliRunner.RunAsync("inspect", path, "--json");
        var truncated = path + ".bad.arrow";
        await File.WriteAllBytesAsync(truncated, (await File.ReadAllBytesAsync(path))[..100]);
        var bad = await CliRunner.RunAsync("inspect", truncated);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("arrow", JsonDocument.Parse(result.Out).RootElement.GetProperty("format").GetString());
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains(truncated, bad.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_shard_is_a_shard_format_error_naming_the_file()
    {
        var (path, _) = await WriteShardAsync();
        var bytes = await File.ReadAllBytesAsync(path);
        var truncated = path + ".truncated.arrow";
        await File.WriteAllBytesAsync(truncated, bytes[..(bytes.Length / 2)]);
        var context = new CliContext(TextWriter.Null, TextWriter.Null, new Dictionary<string, string>());

        var error = await Assert.ThrowsAsync<ShardFormatException>(() => ShardInspection.RunAsync(truncated, json: true, context, CancellationToken.None));
        Assert.Contains(truncated, error.Message, StringComparison.Ordinal);
    }
}
