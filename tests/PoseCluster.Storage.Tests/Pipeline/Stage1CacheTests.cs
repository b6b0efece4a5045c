using PoseCluster.Datasets.Pipeline;
using PoseCluster.Storage.Objects;
using PoseCluster.Storage.Pipeline;

namespace PoseCluster.Storage.Tests.Pipeline;

/// <summary>Stage 1 against its cache in a real folder store: reruns compute and read nothing, a changed unit alone is recomputed, no raw file is read twice.</summary>
public sealed class Stage1CacheTests : IDisposable
{
    private static readonly string[] AllKinds = ["h36m", "3dhp", "aistpp", "mads"];
    private readonly string _dir = TestPaths.NewTemporaryFolder();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_first_build_reads_every_raw_file_once_and_a_rerun_reads_and_computes_nothing()
    {
        var store = new RecordingObjectStore(Path.Combine(_dir, "objects"));
        var reader = new RecordingRawFileReader();
        var first = await PipelineFixtures.BuildAsync(store, PipelineFixtures.Sources(AllKinds), reader: reader);

        Assert.NotEmpty(reader.WholeReads);
        Assert.All(reader.WholeReads, r => Assert.True(r.Value == 1, $"{r.Key} was read {r.Value} times"));
        Assert.All(reader.HeaderReads, r => Assert.Equal(1, r.Value));
        Assert.True(reader.HeaderBytes <= reader.HeaderReads.Count * 8192L);
        Assert.Equal(first.Stage1.UnitsComputed, first.Stage1.UnitsComputed + first.Stage1.UnitsCached);
        Assert.True(first.Stage1.SequencesComputed > 40);

        // Same bytes, same settings, the previous fingerprints at hand: no unit file is read (only the small
        // list file the layout is made of), nothing is computed, no stage-1 object is written.
        var again = new RecordingRawFileReader();
        store.Clear();
        var second = await PipelineFixtures.BuildAsync(store, PipelineFixtures.Sources(AllKinds), reader: again, previous: PipelineFixtures.Fingerprints(first));

        Assert.Equal(["ignore_list.txt"], again.WholeReads.Keys.Select(Path.GetFileName));
        Assert.Equal((0, 0), (second.Stage1.UnitsComputed, second.Stage1.SequencesComputed));
        Assert.Equal(first.Stage1.SequencesComputed, second.Stage1.SequencesCached);
        Assert.DoesNotContain(store.Puts, k => k.StartsWith("stage1/", StringComparison.Ordinal));
        Assert.True(second.AlreadyComplete);
        Assert.Equal(first.Document.Plan.Version, second.Document.Plan.Version);
        Assert.Equal(first.Datasets.Select(d => d.ContentHash), second.Datasets.Select(d => d.ContentHash));
    }

    [Fact]
    public async Task Without_previous_fingerprints_a_rerun_reads_each_file_once_to_hash_it_but_computes_nothing()
    {
        var store = ObjectStores.Folder(Path.Combine(_dir, "objects"));
        await PipelineFixtures.BuildAsync(store, PipelineFixtures.Sources("aistpp", "mads"));
        var reader = new RecordingRawFileReader();
        var second = await PipelineFixtures.BuildAsync(store, PipelineFixtures.Sources("aistpp", "mads"), reader: reader);

        Assert.All(reader.WholeReads, r => Assert.Equal(1, r.Value));
        Assert.Equal(0, second.Stage1.SequencesComputed);
        Assert.True(second.Stage1.UnitsCached > 0);
    }

    [Fact]
    public async Task A_changed_unit_alone_is_read_and_recomputed_and_a_touched_unit_is_read_but_not_recomputed()
    {
        var datasets = Path.Combine(_dir, "datasets");
        var aistpp = PipelineFixtures.Copy("aistpp", datasets);
        var source = Datasets.Ingestion.DatasetSource.Create("aistpp", Datasets.DatasetKind.AistPlusPlus, aistpp);
        var store = ObjectStores.Folder(Path.Combine(_dir, "objects"));
        var first = await PipelineFixtures.BuildAsync(store, [source]);

        // One sequence's file gets other (valid) content; another is only touched (same bytes, new time).
        var files = Directory.GetFiles(Path.Combine(aistpp, "keypoints3d"), "*.pkl").Order(StringComparer.Ordinal).ToArray();
        var changed = files[0];
        var touched = files[1];
        File.WriteAllBytes(changed, File.ReadAllBytes(files[2]));
        File.SetLastWriteTimeUtc(touched, DateTime.UtcNow.AddMinutes(5));

        var reader = new RecordingRawFileReader();
        var second = await PipelineFixtures.BuildAsync(store, [source], reader: reader, previous: PipelineFixtures.Fingerprints(first));

        Assert.Equal([changed, touched], reader.WholeReads.Keys.Where(k => !k.EndsWith("ignore_list.txt", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Equal((1, 1), (second.Stage1.UnitsComputed, second.Stage1.SequencesComputed));
        Assert.NotEqual(first.Datasets[0].ContentHash, second.Datasets[0].ContentHash);
        Assert.NotEqual(first.Document.Plan.Version, second.Document.Plan.Version);
        var recomputed = Assert.Single(second.Sequences, s => s.Stage1Status == Stage1UnitStatus.Computed);
        Assert.Equal(Path.GetFileNameWithoutExtension(changed), recomputed.Sequence.Stage1.Action);
    }

    [Fact]
    public async Task The_cache_is_keyed_by_content_and_config_hash_and_a_corrupt_block_is_a_typed_error()
    {
        var store = ObjectStores.Folder(Path.Combine(_dir, "objects"));
        var report = await PipelineFixtures.BuildAsync(store, PipelineFixtures.Sources("mads"));
        var accepted = report.Sequences.First(s => s.RejectReason is null).Sequence;
        var location = accepted.Location;
        Assert.Equal(Stage1Config.For(Datasets.DatasetKind.Mads, Datasets.Sources.DatasetLoaderOptions.Default, new Datasets.AugMotion.AugMotionOptions()).Hash, location.ConfigHash);
        Assert.True(await store.ExistsAsync($"stage1/{location.ConfigHash}/{location.ContentHash}/index.json", CancellationToken.None));

        var cache = new Stage1Cache(store);
        var index = await cache.TryReadIndexAsync(location, CancellationToken.None);
        Assert.NotNull(index);
        Assert.Equal(accepted.Stage1, index.Sequences[accepted.Stage1.Index] with { ValidRuns = accepted.Stage1.ValidRuns, References = accepted.Stage1.References });
        var frames = await cache.ReadAsync(location, [accepted.Stage1], CancellationToken.None);
        Assert.Equal(accepted.Stage1.Frames, frames[accepted.Stage1.Index].FrameCount);

        // Flip one byte inside the block: the checksum names the object and the offset.
        var path = Path.Combine(_dir, "objects", Stage1Cache.DataKey(location));
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[accepted.Stage1.Block!.Offset + 100] ^= 0x40;
        await File.WriteAllBytesAsync(path, bytes);
        var error = await Assert.ThrowsAsync<Stage1FormatException>(() => cache.ReadAsync(location, [accepted.Stage1], CancellationToken.None));
        Assert.Contains("checksum mismatch", error.Message, StringComparison.Ordinal);
        Assert.Contains(Stage1Cache.DataKey(location), error.Message, StringComparison.Ordinal);

        // A config with another seed is another cache entry: the same unit is computed again.
        var other = PipelineFixtures.Settings() with { Stage1 = PipelineFixtures.Settings().Stage1 with { AugMotion = new Datasets.AugMotion.AugMotionOptions(Seed: 7) } };
        var reseeded = await PipelineFixtures.BuildAsync(store, PipelineFixtures.Sources("mads"), other);
        Assert.True(reseeded.Stage1.SequencesComputed > 0);
    }
}
