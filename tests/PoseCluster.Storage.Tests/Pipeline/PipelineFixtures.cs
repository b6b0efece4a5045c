using PoseCluster.Datasets;
using PoseCluster.Datasets.AugMotion;
using PoseCluster.Datasets.Ingestion;
using PoseCluster.Datasets.Pipeline;
using PoseCluster.Datasets.Sources;
using PoseCluster.Storage.Objects;
using PoseCluster.Storage.Pipeline;

namespace PoseCluster.Storage.Tests.Pipeline;

/// <summary>The committed synthetic datasets and small-corpus settings (T = 4, S = 2, a few clips per shard) so that every split has several shards.</summary>
internal static class PipelineFixtures
{
    public static string Dataset(string name) => Path.Combine(TestPaths.RepositoryRoot, "tests", "fixtures", "datasets", name);

    public static DatasetSource Source(string kind) =>
        DatasetSource.Create(kind, DatasetKinds.TryParse(kind, out var k) ? k : throw new ArgumentException(kind), Dataset(kind));

    public static IReadOnlyList<DatasetSource> Sources(params string[] kinds) => [.. kinds.Select(Source)];

    /// <summary>A copy of a fixture dataset that a test may change.</summary>
    public static string Copy(string kind, string into)
    {
        var target = Path.Combine(into, kind);
        foreach (var file in Directory.EnumerateFiles(Dataset(kind), "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(Dataset(kind), file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }

        return target;
    }

    public static CorpusSettings Settings(double toleranceMm = 1.0, int parallelism = 2) =>
        new(new Stage1Settings(DatasetLoaderOptions.Default, new AugMotionOptions(), parallelism),
            Stage2Options.Default with { WindowLength = 4, WindowStride = 2, ShardTargetBytes = 24 * ((4 * 85 * 4) + 128), BatchBytes = 8 * ((4 * 85 * 4) + 128) },
            toleranceMm, 1L << 30);

    public static async Task<HarmonizeReport> BuildAsync(
        IObjectStore store,
        IReadOnlyList<DatasetSource> datasets,
        CorpusSettings? settings = null,
        string? parent = null,
        IRawFileReader? reader = null,
        IReadOnlyDictionary<string, IReadOnlyList<FileFingerprint>>? previous = null)
    {
        var harmonizer = new CorpusHarmonizer(store, settings ?? Settings(), reader);
        var prepared = await harmonizer.PrepareAsync(new HarmonizeRequest(datasets, parent, null, previous), CancellationToken.None);
        return await harmonizer.WriteShardsAsync(prepared, CancellationToken.None);
    }

    /// <summary>Every dataset's file fingerprints from a report (the previous fingerprints of the next build).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<FileFingerprint>> Fingerprints(HarmonizeReport report) =>
        report.Datasets.ToDictionary(d => d.Source.Name, d => d.Files, StringComparer.Ordinal);

    /// <summary>Shard key → SHA-256 of a version's manifest.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> ShardHashesAsync(IObjectStore store, string version) =>
        (await PoseCluster.Storage.Shards.CorpusManifest.ReadAsync(store, version, CancellationToken.None)).Shards.ToDictionary(s => s.Key, s => s.Sha256, StringComparer.Ordinal);
}
