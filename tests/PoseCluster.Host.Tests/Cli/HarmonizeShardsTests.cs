using System.Text.Json;
using PoseCluster.Datasets;
using PoseCluster.Storage.Objects;
using PoseCluster.Storage.Registry;
using PoseCluster.Storage.Shards;

namespace PoseCluster.Host.Tests.Cli;

/// <summary><c>harmonize --out URI</c> writing Arrow shards and recording the run in the registry.</summary>
public sealed class HarmonizeShardsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("posecluster-harmonize-shards-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Fixture(string name) => DatasetFixtures.Path(name);

    [Fact]
    public async Task Harmonize_writes_shards_holding_every_window_and_records_the_corpus_in_the_registry()
    {
        var objects = Path.Combine(_dir, "objects");
        var registryUrl = $"sqlite:{Path.Combine(_dir, "registry.db")}";
        var result = await CliRunner.RunAsync(
            "harmonize", "--dataset", $"h36m={Fixture("h36m")}", "--dataset", $"mads={Fixture("mads")}",
            "--out", objects, "--registry", registryUrl, "--corpus-version", "v-test", "--window", "4", "--stride", "4", "--json");
        Assert.True(result.ExitCode == 0, result.Error);

        var corpus = JsonDocument.Parse(result.Out).RootElement;
        var sequences = corpus.GetProperty("sequences").EnumerateArray().ToList();
        var windows = sequences.Sum(s => s.GetProperty("windows").GetInt32());
        var store = ObjectStores.Folder(objects);
        var manifest = await Storage.Shards.CorpusManifest.ReadAsync(store, "v-test", CancellationToken.None);
        Assert.Equal((4, 4), (manifest.Window, manifest.Stride));
        Assert.Equal(corpus.GetProperty("ms").GetDouble(), manifest.Ms);
        Assert.True(await store.ExistsAsync("corpora/v-test/corpus.json", CancellationToken.None));

        var clips = new List<Clip>();
        foreach (var shard in manifest.Shards)
        {
            await using var reader = await ClipShardReader.OpenAsync(store, shard.Key, CancellationToken.None);
            Assert.Equal(manifest.Msp, reader.Metadata.MeanShoulderToPelvis);
            await foreach (var clip in reader.ReadClipsAsync(CancellationToken.None))
            {
                Assert.Equal(shard.Split, clip.Split);
                Assert.Equal(4 * 17 * 3, clip.Pose3d.Length);
                clips.Add(clip);
            }
        }

        Assert.Equal(windows, clips.Count);
        Assert.All(clips.Where(c => c.Dataset == "h36m"), c => Assert.Equal(c.Subject is "S9" or "S11" ? "test" : "train", c.Split));

        await using var registry = await ExperimentRegistry.OpenAsync(registryUrl, false, CancellationToken.None);
        var version = await registry.CorpusVersionAsync("v-test", CancellationToken.None);
        Assert.NotNull(version);
        Assert.Equal(("complete", "corpora/v-test/manifest.json"), (version.Status, version.ManifestKey));
        Assert.Equal(["h36m", "mads"], version.Datasets.Keys.Order());
        Assert.Equal(["h36m", "mads"], (await registry.DatasetsAsync(CancellationToken.None)).Select(d => d.Name));
        var recorded = await registry.SequencesAsync("v-test", CancellationToken.None);
        Assert.Equal(sequences.Count, recorded.Count(s => s.Status == "ok"));
        Assert.All(recorded.Where(s => s.Status == "rejected"), s => Assert.False(string.IsNullOrEmpty(s.Error)));
        Assert.Equal(manifest.Shards.Select(s => (s.Key, s.Sha256)), (await registry.ShardsAsync("v-test", CancellationToken.None)).Select(s => (s.Key, s.Sha256)));
    }

    [Fact]
    public async Task A_rerun_computes_nothing_and_parent_latest_builds_on_the_previous_version_recording_its_lineage()
    {
        var objects = Path.Combine(_dir, "objects");
        var registryUrl = $"sqlite:{Path.Combine(_dir, "registry.db")}";
        string[] Harmonize(params string[] datasets) =>
            ["harmonize", .. datasets.SelectMany(d => new[] { "--dataset", $"{d}={Fixture(d)}" }), "--out", objects, "--registry", registryUrl, "--window", "4", "--stride", "4"];

        var first = await CliRunner.RunAsync(Harmonize("mads", "aistpp"));
        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Matches("stage 1: [1-9][0-9]* sequences computed, 0 cached", first.Out);
        var again = await CliRunner.RunAsync(Harmonize("mads", "aistpp"));
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Contains("stage 1: 0 sequences computed", again.Out, StringComparison.Ordinal);
        Assert.Contains("nothing new", again.Out, StringComparison.Ordinal);

        var grown = await CliRunner.RunAsync([.. Harmonize("mads", "aistpp", "h36m"), "--parent", "latest"]);
        Assert.True(grown.ExitCode == 0, grown.Error);
        var version = System.Text.RegularExpressions.Regex.Match(grown.Out, "corpus version (v-[0-9a-f]{16}) \\(parent (v-[0-9a-f]{16})");
        Assert.True(version.Success, grown.Out);
        Assert.Matches("stage 1: [1-9][0-9]* sequences computed, [1-9][0-9]* cached", grown.Out);

        await using var registry = await ExperimentRegistry.OpenAsync(registryUrl, false, CancellationToken.None);
        var record = await registry.CorpusVersionAsync(version.Groups[1].Value, CancellationToken.None);
        Assert.NotNull(record);
        Assert.Equal(version.Groups[2].Value, record.ParentVersion);
        Assert.Equal(["aistpp", "h36m", "mads"], record.DatasetSums!.Select(d => d.Dataset));
        Assert.Equal(record.DatasetSums!.Where(d => d.Reused).Select(d => d.Dataset), record.ReusedVersion is null ? [] : ["aistpp", "mads"]);
        var sequences = await registry.SequencesAsync(record.Version, CancellationToken.None);
        Assert.All(sequences.Where(s => s.Status == "ok"), s => Assert.NotNull(s.KeyFrame));
        Assert.All(sequences.Where(s => s.Dataset != "h36m" && s.Status == "ok"), s => Assert.Equal("cached", s.Stage1));
        Assert.All(sequences.Where(s => s.Dataset == "h36m"), s => Assert.Equal("computed", s.Stage1));
        var files = await registry.DatasetFilesAsync("aistpp", CancellationToken.None);
        Assert.Contains(files, f => f.Path == "ignore_list.txt");
        Assert.All(files, f => Assert.Matches("^[0-9a-f]{64}$", f.Sha256!));
        Assert.Equal((await Storage.Shards.CorpusManifest.ReadAsync(ObjectStores.Folder(objects), record.Version, CancellationToken.None)).Shards.Select(s => s.Key),
            (await registry.ShardsAsync(record.Version, CancellationToken.None)).Select(s => s.Key));
    }

    [Fact]
    public async Task Npy_format_to_an_s3_uri_is_bad_input()
    {
        var result = await CliRunner.RunAsync(
            "harmonize", "--dataset", $"mads={Fixture("mads")}", "--out", "s3://bucket/prefix", "--format", "npy", "--registry", $"sqlite:{Path.Combine(_dir, "r.db")}");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--format npy writes to a folder", result.Error, StringComparison.Ordinal);
    }
}
