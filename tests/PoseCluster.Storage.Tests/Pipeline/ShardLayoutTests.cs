using PoseCluster.Datasets.Pipeline;
using PoseCluster.Storage.Objects;
using PoseCluster.Storage.Pipeline;

namespace PoseCluster.Storage.Tests.Pipeline;

/// <summary>The layout and bytes of a version do not depend on which worker did what or in which order.</summary>
public sealed class ShardLayoutTests : IDisposable
{
    private static readonly string[] Kinds = ["h36m", "3dhp", "aistpp", "mads"];
    private readonly string _dir = TestPaths.NewTemporaryFolder();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Shuffled_sequences_and_shard_writers_in_reverse_order_reading_the_store_give_the_same_shards_as_a_one_core_build()
    {
        var oneCore = ObjectStores.Folder(Path.Combine(_dir, "one-core"));
        var reference = await PipelineFixtures.BuildAsync(oneCore, PipelineFixtures.Sources(Kinds), PipelineFixtures.Settings(parallelism: 1));
        var version = reference.Document.Plan.Version;
        var expected = await PipelineFixtures.ShardHashesAsync(oneCore, version);

        // Another store: stage 1 on three workers, then the layout planned again from shuffled stage-2
        // results and every shard written by its own writer, last first, reading frames from the cache.
        var store = ObjectStores.Folder(Path.Combine(_dir, "shuffled"));
        var settings = PipelineFixtures.Settings(parallelism: 3);
        var harmonizer = new CorpusHarmonizer(store, settings);
        var prepared = await harmonizer.PrepareAsync(new HarmonizeRequest(PipelineFixtures.Sources([.. Kinds.Reverse()]), null, null, null), CancellationToken.None);
        await harmonizer.WhenStage1StoredAsync();
        Assert.Equal(version, prepared.Plan.Version);
        var random = new Random(13);
        var projected = prepared.Sequences.Where(s => s.RejectReason is null).Select(s => (s.Sequence, s.Projection!)).OrderBy(_ => random.Next()).ToList();
        var layout = ShardLayout.Plan(version, projected, settings.Stage2);
        Assert.Equal(prepared.Shards.Select(Describe), layout.Select(Describe));

        var metadata = ShardWriting.Metadata(version, settings.Stage2, prepared.Plan.Ms, prepared.Plan.Msp);
        var written = new List<VersionShard>();
        foreach (var shard in layout.Reverse())
        {
            written.Add(await ShardWriting.WriteAsync(store, shard, metadata, settings.Stage2, new Stage1Cache(store), CancellationToken.None));
        }

        Assert.True(expected.Count >= 6);
        Assert.Equal(expected.OrderBy(e => e.Key), written.Select(s => KeyValuePair.Create(s.Key, s.Sha256)).OrderBy(e => e.Key));
        Assert.All(layout, s => Assert.Single(s.Items.Select(i => i.Sequence.Dataset).Distinct()));
        Assert.All(layout, s => Assert.True(s.Clips <= settings.Stage2.ClipsPerShard));
    }

    [Fact]
    public async Task Writing_a_shard_twice_stores_the_same_bytes_under_the_same_key()
    {
        var store = ObjectStores.Folder(Path.Combine(_dir, "objects"));
        var settings = PipelineFixtures.Settings();
        var harmonizer = new CorpusHarmonizer(store, settings);
        var prepared = await harmonizer.PrepareAsync(new HarmonizeRequest(PipelineFixtures.Sources("mads"), null, null, null), CancellationToken.None);
        await harmonizer.WhenStage1StoredAsync();
        var metadata = ShardWriting.Metadata(prepared.Plan.Version, settings.Stage2, prepared.Plan.Ms, prepared.Plan.Msp);
        var shard = prepared.Shards[0];
        var first = await ShardWriting.WriteAsync(store, shard, metadata, settings.Stage2, new Stage1Cache(store), CancellationToken.None);
        var second = await ShardWriting.WriteAsync(store, shard, metadata, settings.Stage2, new Stage1Cache(store), CancellationToken.None);
        Assert.Equal(first, second);
        Assert.Equal(first.Clips, shard.Clips);
    }

    private static string Describe(ShardAssignment shard) =>
        $"{shard.Key} {shard.Dataset} {shard.Clips} " + string.Join(";", shard.Items.Select(i => $"{i.Sequence.Key}:{i.FirstWindow}+{i.Windows}"));
}
