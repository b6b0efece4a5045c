using PoseCluster.Actors.Pipeline;
using PoseCluster.Datasets;
using PoseCluster.Datasets.AugMotion;
using PoseCluster.Datasets.Ingestion;
using PoseCluster.Datasets.Pipeline;
using PoseCluster.Datasets.Sources;
using PoseCluster.Storage.Objects;
using PoseCluster.Storage.Pipeline;
using PoseCluster.Storage.Registry;
using PoseCluster.Testing;

namespace PoseCluster.Actors.Tests.Support;

/// <summary>
/// A pipeline environment for actor specs: a folder object store and a SQLite registry in a temporary folder of
/// the spec's own, small shards (a few clips each, so a fixture dataset has several), the fixture datasets of
/// tests/fixtures/datasets, and a reader that counts what it reads in full.
/// </summary>
internal sealed class PipelineFixture : IAsyncDisposable
{
    private PipelineFixture(string folder, PipelineEnvironment environment, CountingReader reader)
    {
        Folder = folder;
        Environment = environment;
        Reader = reader;
    }

    /// <summary>The temporary folder.</summary>
    public string Folder { get; }

    /// <summary>The environment.</summary>
    public PipelineEnvironment Environment { get; }

    /// <summary>Counts full reads of raw files.</summary>
    public CountingReader Reader { get; }

    /// <summary>The object store.</summary>
    public IObjectStore Store => Environment.Store;

    /// <summary>Shard target size: about 5 clips of T = 16 per shard.</summary>
    public const long ShardBytes = 28_000;

    /// <summary>The corpus settings the specs run with.</summary>
    public static CorpusSettings Settings(double toleranceMm) => new(
        new Stage1Settings(DatasetLoaderOptions.Default, new AugMotionOptions(), 2),
        Stage2Options.Default with { ShardTargetBytes = ShardBytes },
        toleranceMm,
        64L << 20);

    /// <summary>Creates the environment; <paramref name="retry"/> is how often unanswered commands are sent again.</summary>
    public static async Task<PipelineFixture> CreateAsync(TimeSpan retry, double toleranceMm = 0)
    {
        var folder = Directory.CreateTempSubdirectory("posecluster-pipeline-spec-").FullName;
        var registry = await ExperimentRegistry.OpenAsync($"sqlite:{Path.Combine(folder, "registry.db")}", migrate: true, CancellationToken.None);
        var reader = new CountingReader();
        var environment = new PipelineEnvironment(
            ObjectStores.Folder(Path.Combine(folder, "objects")), registry, Settings(toleranceMm), PipelineTimings.Default with { RetryInterval = retry }, 64L << 20, reader);
        return new PipelineFixture(folder, environment, reader);
    }

    /// <summary>The fixture folder of a dataset kind (h36m, 3dhp, aistpp, mads).</summary>
    public static string DatasetPath(string kind) => Path.Combine(RepositoryRoot.Find(), "tests", "fixtures", "datasets", kind);

    /// <summary>The kind of a kind name.</summary>
    public static DatasetKind Kind(string name) => DatasetKinds.TryParse(name, out var kind) ? kind : throw new ArgumentException(name, nameof(name));

    /// <summary>Stage 1 of every unit of a fixture dataset, computed directly (what a unit worker would answer).</summary>
    public async Task<IReadOnlyList<Stage1UnitOutcome>> Stage1Async(string kind)
    {
        var source = new DatasetSource(kind, Kind(kind), DatasetPath(kind));
        var scan = DatasetScanner.Scan(source, DatasetLoaders.Create(source.Kind), null, Environment.Reader, CancellationToken.None);
        var outcomes = new List<Stage1UnitOutcome>();
        foreach (var unit in scan.Layout.Units)
        {
            outcomes.Add(await Environment.Runner.RunAsync(source, unit, null, CancellationToken.None));
        }

        return outcomes;
    }

    /// <summary>The accepted sequences of a fixture dataset as stage 2 sees them.</summary>
    public async Task<IReadOnlyList<CorpusSequence>> SequencesAsync(string kind)
    {
        var sequences = (await Stage1Async(kind))
            .SelectMany(o => o.Sequences.Select(s => new CorpusSequence(kind, Kind(kind), o.Location ?? new Stage1Location("", "", o.Unit), s)));
        return Stage2.Select(sequences).Accepted;
    }

    public async ValueTask DisposeAsync()
    {
        await Environment.Registry.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }
}

/// <summary>The disk reader, counting the raw files it reads whole (headers are not counted).</summary>
internal sealed class CountingReader : IRawFileReader
{
    private int _fullReads;

    /// <summary>Files read whole so far.</summary>
    public int FullReads => Volatile.Read(ref _fullReads);

    public (long Bytes, long ModifiedTicks) Stat(string path) => DiskRawFileReader.Instance.Stat(path);

    public byte[] ReadAll(string path)
    {
        Interlocked.Increment(ref _fullReads);
        return DiskRawFileReader.Instance.ReadAll(path);
    }

    public (byte[] Bytes, string Sha256) ReadAndHash(string path)
    {
        Interlocked.Increment(ref _fullReads);
        return DiskRawFileReader.Instance.ReadAndHash(path);
    }

    public byte[] ReadHeaders(string path, int head, int tail) => DiskRawFileReader.Instance.ReadHeaders(path, head, tail);
}
