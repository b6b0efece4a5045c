using PoseCluster.Datasets.Pipeline;
using PoseCluster.Storage.Objects;
using PoseCluster.Storage.Pipeline;
using PoseCluster.Storage.Shards;

namespace PoseCluster.Storage.Tests.Pipeline;

/// <summary>Corpus versions on a parent: the reuse rule of ARCHITECTURE §4 against real stores.</summary>
public sealed class CorpusVersionTests : IDisposable
{
    private static readonly string[] FirstThree = ["h36m", "3dhp", "aistpp"];
    private static readonly string[] AllFour = ["h36m", "3dhp", "aistpp", "mads"];
    private readonly string _dir = TestPaths.NewTemporaryFolder();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task With_tolerance_0_adding_a_dataset_re_projects_everything_and_equals_the_one_shot_build_byte_for_byte()
    {
        var store = ObjectStores.Folder(Path.Combine(_dir, "incremental"));
        var settings = PipelineFixtures.Settings(toleranceMm: 0);
        var parent = await PipelineFixtures.BuildAsync(store, PipelineFixtures.Sources(FirstThree), settings);
        var child = await PipelineFixtures.BuildAsync(store, PipelineFixtures.Sources(AllFour), settings, parent: parent.Document.Plan.Version);

        var oneShotStore = ObjectStores.Folder(Path.Combine(_dir, "one-shot"));
        var oneShot = await PipelineFixtures.BuildAsync(oneShotStore, PipelineFixtures.Sources(AllFour), settings);

        var plan = child.Document.Plan;
        Assert.Equal(parent.Document.Plan.Version, plan.Parent);
        Assert.Null(plan.ReusedVersion);
        Assert.Empty(plan.ReusedDatasets);
        Assert.True(plan.MovedMm > 0);
        Assert.Equal(0, child.Document.ReusedClips);
        Assert.Equal(oneShot.Document.Plan.Version, plan.Version);
        Assert.Equal(oneShot.Document.NewClips, child.Document.NewClips);
        var hashes = await PipelineFixtures.ShardHashesAsync(store, plan.Version);
        Assert.True(hashes.Count >= 6);
        Assert.Equal(await PipelineFixtures.ShardHashesAsync(oneShotStore, plan.Version), hashes);
        // Stage 1 of the second build computed mads only; the rest came from the cache.
        Assert.Equal(child.Sequences.Count(s => s.Sequence.Dataset == "mads" && s.Sequence.Stage1.Frames > 0), child.Stage1.SequencesComputed);
        Assert.All(child.Sequences.Where(s => s.Sequence.Dataset != "mads" && s.Sequence.Location.ContentHash.Length > 0), s => Assert.Equal(Stage1UnitStatus.Cached, s.Stage1Status));
    }

    [Fact]
    public async Task Within_the_tolerance_the_parents_shards_are_kept_and_only_the_new_datasets_clips_are_written()
    {
        var store = ObjectStores.Folder(Path.Combine(_dir, "objects"));
        var settings = PipelineFixtures.Settings(toleranceMm: 1000);
        var parent = await PipelineFixtures.BuildAsync(store, PipelineFixtures.Sources(FirstThree), settings);
        var child = await PipelineFixtures.BuildAsync(store, PipelineFixtures.Sources(AllFour), settings, parent: "latest");

        var plan = child.Document.Plan;
        var parentVersion = parent.Document.Plan.Version;
        Assert.Equal((parentVersion, parentVersion), (plan.Parent, plan.ReusedVersion));
        Assert.Equal(FirstThree.Order(StringComparer.Ordinal), plan.ReusedDatasets);
        Assert.Equal((parent.Document.Plan.Ms, parent.Document.Plan.Msp), (plan.Ms, plan.Msp));
        Assert.NotEqual(plan.Ms, plan.DerivedMs);
        Assert.True(plan.MovedMm is > 0 and < 1000);

        var manifest = await CorpusManifest.ReadAsync(store, plan.Version, CancellationToken.None);
        var parentManifest = await CorpusManifest.ReadAsync(store, parentVersion, CancellationToken.None);
        Assert.Equal(parentManifest.Shards.OrderBy(s => s.Key), manifest.Shards.Where(s => s.Key.StartsWith($"corpora/{parentVersion}/", StringComparison.Ordinal)).OrderBy(s => s.Key));
        var own = child.Document.Shards.Where(s => s.Version == plan.Version).ToList();
        Assert.NotEmpty(own);
        Assert.All(own, s => Assert.Equal("mads", s.Dataset));
        Assert.Equal(parentManifest.Shards.Sum(s => s.Clips), child.Document.ReusedClips);
        Assert.Equal(own.Sum(s => s.Clips), child.Document.NewClips);

        // The new dataset's clips are on the parent's triangle, as the kept ones are.
        await using (var reader = await ClipShardReader.OpenAsync(store, own[0].Key, CancellationToken.None))
        {
            Assert.Equal((parent.Document.Plan.Ms, parent.Document.Plan.Msp), (reader.Metadata.MeanShoulderWidth, reader.Metadata.MeanShoulderToPelvis));
            Assert.Equal(plan.Version, reader.Metadata.CorpusVersion);
        }

        // Against a full re-projection of the same four datasets, every clip (kept or new) differs by a small
        // multiple of how far the triangle moved: the fit's rotation change grows with a joint's distance
        // from the shoulders.
        var full = await PipelineFixtures.BuildAsync(ObjectStores.Folder(Path.Combine(_dir, "full")), PipelineFixtures.Sources(AllFour), PipelineFixtures.Settings(toleranceMm: 0));
        var fullClips = await ClipsAsync(ObjectStores.Folder(Path.Combine(_dir, "full")), full.Document.Plan.Version);
        var reusedClips = await ClipsAsync(store, plan.Version);
        Assert.Equal(fullClips.Keys.Order(StringComparer.Ordinal), reusedClips.Keys.Order(StringComparer.Ordinal));
        var worst = fullClips.Max(c => c.Value.Zip(reusedClips[c.Key], (a, b) => Math.Abs(a - b)).Max());
        Assert.True(worst > 0);
        Assert.True(worst <= 2 * plan.MovedMm, $"clips differ by up to {worst} mm for a triangle that moved {plan.MovedMm} mm");
    }

    private static async Task<Dictionary<string, float[]>> ClipsAsync(IObjectStore store, string version)
    {
        var clips = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var shard in (await CorpusManifest.ReadAsync(store, version, CancellationToken.None)).Shards)
        {
            await using var reader = await ClipShardReader.OpenAsync(store, shard.Key, CancellationToken.None);
            await foreach (var clip in reader.ReadClipsAsync(CancellationToken.None))
            {
                clips[clip.ClipId] = clip.Pose3d;
            }
        }

        return clips;
    }

    [Fact]
    public async Task Re_adding_unchanged_datasets_to_their_version_computes_and_writes_nothing()
    {
        var store = new RecordingObjectStore(Path.Combine(_dir, "objects"));
        var first = await PipelineFixtures.BuildAsync(store, PipelineFixtures.Sources("mads", "aistpp"));
        store.Clear();
        var again = await PipelineFixtures.BuildAsync(store, PipelineFixtures.Sources("mads", "aistpp"), parent: first.Document.Plan.Version, previous: PipelineFixtures.Fingerprints(first));

        Assert.True(again.AlreadyComplete);
        Assert.True(again.Document.Plan.SameAsParent || again.Document.Plan.Version == first.Document.Plan.Version);
        Assert.Equal(first.Document.Plan.Version, again.Document.Plan.Version);
        Assert.Empty(store.Puts);
        Assert.Equal(0, again.Stage1.SequencesComputed);
    }

    [Fact]
    public async Task A_parent_that_is_not_a_complete_version_is_refused_naming_it()
    {
        var store = ObjectStores.Folder(Path.Combine(_dir, "objects"));
        var error = await Assert.ThrowsAsync<ArgumentException>(() => PipelineFixtures.BuildAsync(store, PipelineFixtures.Sources("mads"), parent: "v-0000000000000000"));
        Assert.Contains("v-0000000000000000", error.Message, StringComparison.Ordinal);
    }
}
