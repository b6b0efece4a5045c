using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Npgsql;
using PoseCluster.IntegrationTests.Cluster;
using PoseCluster.IntegrationTests.Nodes;
using PoseCluster.Storage.Objects;
using PoseCluster.Storage.Shards;
using Xunit.Abstractions;

namespace PoseCluster.IntegrationTests.Pipeline;

/// <summary>
/// Issue 13 end to end with real <c>posecluster node</c> processes: the fixture datasets (tests/fixtures/datasets,
/// tools/synth) added one after another through the endpoint and the CLI, compared with <c>posecluster harmonize</c>
/// of all four at once; and three nodes on PostgreSQL with the node holding a dataset's ingestion SIGKILLed right
/// after the add. Shards are small (a few clips each) so every version has several shard writers.
/// One collection with the other multi-process tests: never two clusters at once on the 2-core machine.
/// </summary>
[Collection(nameof(MultiProcessClusterTests))]
public sealed class IngestionClusterTests(ITestOutputHelper output)
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan Failover = TimeSpan.FromSeconds(180);

    /// <summary>The corpus settings every node and harmonize run with.</summary>
    private static Dictionary<string, string> Corpus(string objects, double? toleranceMm) => new(StringComparer.Ordinal)
    {
        ["storage.objects.folder"] = objects,
        ["storage.shards.target_size"] = "28000",
        ["augmotion.reuse_tolerance_mm"] = (toleranceMm ?? 1.0).ToString(CultureInfo.InvariantCulture),
        ["pipeline.retry_interval"] = "1s",
        ["node.roles"] = "[api, worker]",
    };

    [Fact]
    public async Task One_node_adds_datasets_one_by_one_computing_only_the_new_ones_and_ends_with_harmonizes_corpus()
    {
        var clock = Stopwatch.StartNew();
        await using var cluster = new NodeCluster(new Dictionary<string, string>());
        var exact = Corpus(Path.Combine(cluster.Folder, "objects"), toleranceMm: 0);
        var oneShot = await PipelineApi.HarmonizeAsync(cluster.Folder, exact, PipelineApi.FourDatasets);
        output.WriteLine($"harmonize of all four: {oneShot.Version}, {oneShot.Shards.Count} shards ({clock.Elapsed.TotalSeconds:0.0} s)");

        // Tolerance 0: every version is projected afresh, so the last one is byte for byte harmonize's.
        var node = await cluster.StartAsync(NodeOptions.Create(cluster.Folder, [], exact));
        output.WriteLine($"node up ({clock.Elapsed.TotalSeconds:0.0} s)");
        var h36m = await AddWithCliAsync(cluster, node, exact, "h36m");
        Assert.Equal(["dataset", "corpus_version", "parent_version", "sequences", "reprojected", "reused_clips", "new_clips", "shards"],
            h36m.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["computed", "cached", "rejected"], h36m.RootElement.GetProperty("sequences").EnumerateObject().Select(p => p.Name));
        Assert.Equal((8, 0, 0), Sequences(h36m));
        Assert.Equal(JsonValueKind.Null, h36m.RootElement.GetProperty("parent_version").ValueKind);
        Assert.Equal(["key", "split", "dataset", "version", "clips", "bytes", "sha256"], h36m.RootElement.GetProperty("shards")[0].EnumerateObject().Select(p => p.Name));

        string? previous = h36m.RootElement.GetProperty("corpus_version").GetString();
        Host.Http.DatasetJobView? last = null;
        var jobs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var dataset in PipelineApi.FourDatasets[1..])
        {
            jobs[dataset] = await PipelineApi.AddAsync(node, dataset);
            last = await PipelineApi.WaitAsync(() => [node], dataset, jobs[dataset], JobTimeout, () => cluster.Diagnostics);
            Assert.Equal(previous, last.ParentVersion);
            previous = last.CorpusVersion;
        }

        // The fourth add computed stage 1 for mads' sequences only; the other datasets kept their one job.
        Assert.Equal((3, 0, 1), (last!.Sequences.Computed, last.Sequences.Cached, last.Sequences.Rejected));
        Assert.Equal((oneShot.Version, 0L), (last.CorpusVersion, last.ReusedClips));
        var datasets = await PipelineApi.ListAsync(node);
        Assert.Equal(["3dhp", "aistpp", "h36m", "mads"], datasets.Datasets.Select(d => d.Name));
        Assert.All(datasets.Datasets.Where(d => d.Name is "3dhp" or "aistpp"), d => Assert.Equal(jobs[d.Name], d.Job));
        Assert.Equal(8, datasets.Datasets.Single(d => d.Name == "h36m").Sequences.Computed);
        Assert.Equal(Shards(oneShot), last.Shards.Select(s => (s.Key, s.Sha256)));
        var corpus = await PipelineApi.CorpusAsync(node, oneShot.Version);
        Assert.Equal(("complete", oneShot.Shards.Sum(s => s.Clips)), (corpus.Status, corpus.Clips.Values.Sum()));

        // Re-adding an unchanged dataset computes nothing and makes no new version.
        var again = await PipelineApi.WaitAsync(() => [node], "h36m", await PipelineApi.AddAsync(node, "h36m"), JobTimeout, () => cluster.Diagnostics);
        Assert.Equal((0, 8, 0), (again.Sequences.Computed, again.Sequences.Cached, again.Sequences.Rejected));
        Assert.Equal((oneShot.Version, 0, 0L), (again.CorpusVersion, again.Reprojected, again.NewClips));
        Assert.True(await node.TerminateAsync(TimeSpan.FromSeconds(60)) == 0, node.Output);
        output.WriteLine($"tolerance 0 done ({clock.Elapsed.TotalSeconds:0.0} s)");

        // The default tolerance (1 mm): mads keeps the parent's shards of the three others, and its clips agree with harmonize's within it.
        var reuse = Corpus(Path.Combine(cluster.Folder, "objects-reuse"), toleranceMm: null);
        var second = await cluster.StartAsync(NodeOptions.Create(cluster.Folder, [], reuse));
        foreach (var dataset in PipelineApi.FourDatasets[..3])
        {
            await PipelineApi.WaitAsync(() => [second], dataset, await PipelineApi.AddAsync(second, dataset), JobTimeout, () => cluster.Diagnostics);
        }

        var mads = await PipelineApi.WaitAsync(() => [second], "mads", await PipelineApi.AddAsync(second, "mads"), JobTimeout, () => cluster.Diagnostics);
        var version = await PipelineApi.CorpusAsync(second, mads.CorpusVersion!);
        output.WriteLine($"default tolerance: {mads.CorpusVersion} (parent {mads.ParentVersion}): triangle moved {version.MovedMm:0.000} mm, {mads.ReusedClips} clips kept, {mads.NewClips} new, {mads.Reprojected} sequences projected");
        Assert.Equal((3, 3L, 20L), (mads.Reprojected, mads.NewClips, mads.ReusedClips));
        Assert.Equal(mads.ParentVersion, version.ReusedVersion);
        Assert.True(version.MovedMm is > 0 and < 1.0, $"moved {version.MovedMm}");
        var store = ObjectStores.Folder(Path.Combine(cluster.Folder, "objects-reuse"));
        var reused = await PipelineApi.ClipsAsync(store, await CorpusManifest.ReadAsync(store, mads.CorpusVersion!, CancellationToken.None));
        var exactClips = await PipelineApi.ClipsAsync(ObjectStores.Folder(Path.Combine(cluster.Folder, "one-shot")), oneShot);
        Assert.Equal(exactClips.Keys.Order(StringComparer.Ordinal), reused.Keys.Order(StringComparer.Ordinal));
        var worst = exactClips.Max(c => c.Value.Zip(reused[c.Key], (a, b) => Math.Abs(a - b)).Max());
        output.WriteLine($"largest coordinate difference to harmonize: {worst:0.0000} mm");
        Assert.True(worst <= 1.0, $"clips differ by up to {worst} mm, more than the 1 mm tolerance");
        output.WriteLine($"test done in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task Three_nodes_on_postgres_give_harmonizes_corpus_when_the_node_ingesting_a_dataset_is_killed()
    {
        var database = await TestPostgres.CreateDatabaseAsync("it_ingest_kill");
        try
        {
            var clock = Stopwatch.StartNew();
            var folder = Directory.CreateTempSubdirectory("posecluster-it-objects-").FullName;
            var settings = Corpus(Path.Combine(folder, "objects"), toleranceMm: 0);
            settings["persistence.url"] = "postgres:" + database + ";Maximum Pool Size=20";
            settings["registry.url"] = RegistryUrl(database);
            await using var cluster = new NodeCluster(settings);
            var oneShot = await PipelineApi.HarmonizeAsync(folder, settings, PipelineApi.FourDatasets);
            await cluster.StartAsync(3);
            await cluster.AwaitMembersAsync(cluster.Nodes[0], cluster.Nodes, TimeSpan.FromSeconds(90));
            output.WriteLine($"3 nodes up ({clock.Elapsed.TotalSeconds:0.0} s)");
            foreach (var dataset in PipelineApi.FourDatasets[..3])
            {
                await PipelineApi.WaitAsync(() => cluster.Running, dataset, await PipelineApi.AddAsync(cluster.Nodes[1], dataset), JobTimeout, () => cluster.Diagnostics);
            }

            output.WriteLine($"three datasets in ({clock.Elapsed.TotalSeconds:0.0} s)");

            // mads: the node hosting its Dataset entity is killed as soon as the add is acknowledged (its job persisted, its scan or stage 1 running).
            var job = await PipelineApi.AddAsync(cluster.Nodes[1], "mads");
            var status = await PipelineApi.DatasetAsync(cluster.Nodes[1], "mads");
            var victim = cluster.Nodes.Single(n => n.Address == status.Node);
            victim.Kill();
            var killed = Stopwatch.StartNew();
            output.WriteLine($"killed {victim.Address} (hosting mads, job {job} in phase {status.Phase}, units {status.Units.Done}/{status.Units.Total}) at {clock.Elapsed.TotalSeconds:0.0} s");

            var mads = await PipelineApi.WaitAsync(() => cluster.Running, "mads", job, Failover, () => cluster.Diagnostics);
            output.WriteLine($"mads complete {killed.Elapsed.TotalSeconds:0.0} s after the kill: {mads.CorpusVersion}");
            Assert.Equal(oneShot.Version, mads.CorpusVersion);
            Assert.Equal(Shards(oneShot), mads.Shards.Select(s => (s.Key, s.Sha256)));
            Assert.Equal((3, 0), (mads.Sequences.Computed + mads.Sequences.Cached, mads.Sequences.Failed));
            var moved = (await PipelineApi.ListAsync(cluster.Running[0])).Datasets.Single(d => d.Name == "mads");
            Assert.NotEqual(victim.Address, moved.Node);

            // The manifest names only complete shards whose bytes are harmonize's.
            var store = ObjectStores.Folder(Path.Combine(folder, "objects"));
            var manifest = await CorpusManifest.ReadAsync(store, oneShot.Version, CancellationToken.None);
            Assert.Equal(Shards(oneShot), Shards(manifest));
            output.WriteLine($"test done in {clock.Elapsed.TotalSeconds:0.0} s");
            Directory.Delete(folder, recursive: true);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(database);
        }
    }

    private static IEnumerable<(string, string)> Shards(CorpusManifest manifest) => manifest.Shards.Select(s => (s.Key, s.Sha256));

    private static (int, int, int) Sequences(JsonDocument result)
    {
        var s = result.RootElement.GetProperty("sequences");
        return (s.GetProperty("computed").GetInt32(), s.GetProperty("cached").GetInt32(), s.GetProperty("rejected").GetInt32());
    }

    /// <summary><c>posecluster datasets add --wait</c> as a process; its standard output is the issue's JSON.</summary>
    private async Task<JsonDocument> AddWithCliAsync(NodeCluster cluster, NodeProcess node, IReadOnlyDictionary<string, string> settings, string dataset)
    {
        var (code, stdout, stderr) = await PosecliProcess.RunAsync(cluster.Folder, settings, JobTimeout,
            "datasets", "add", "--name", dataset, "--kind", dataset, "--path", PipelineApi.DatasetPath(dataset), "--api", node.Options.HttpUrl.ToString(), "--wait");
        output.WriteLine($"datasets add {dataset} --wait: progress on stderr:\n{stderr}");
        Assert.True(code == 0, $"exit {code}: {stderr}\n{cluster.Diagnostics}");
        return JsonDocument.Parse(stdout);
    }

    private static string RegistryUrl(string connectionString)
    {
        var c = new NpgsqlConnectionStringBuilder(connectionString);
        return $"postgres://{Uri.EscapeDataString(c.Username!)}:{Uri.EscapeDataString(c.Password ?? "")}@{c.Host}:{c.Port}/{c.Database}";
    }
}
