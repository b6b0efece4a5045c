using PoseCluster.Datasets.Ingestion;
using PoseCluster.Datasets.Pipeline;
using PoseCluster.Storage.Objects;
using PoseCluster.Storage.Pipeline;
using PoseCluster.Storage.Registry;

namespace PoseCluster.Actors.Pipeline;

/// <summary>
/// What the pipeline's actors on one node share (docs/AUGMOTION.md, "The cluster"): the object store that
/// holds the stage-1 cache and the shards, the registry, the corpus settings (every node of a cluster must
/// run with the same ones: their config hash is checked), the stage-1 runner, and how many stage-1 units and
/// shard writers may run at once on this node.
/// </summary>
public sealed class PipelineEnvironment
{
    /// <summary>Creates the environment of one node.</summary>
    /// <param name="store">The object store (stage-1 cache, shards, version documents).</param>
    /// <param name="registry">The registry (datasets, corpus versions, sequences, shards).</param>
    /// <param name="settings">Loaders, key frames, windows, splits, shard sizing, reuse tolerance.</param>
    /// <param name="timings">Retry interval, work in flight, attempts.</param>
    /// <param name="framesMemoryBytes">Stage-1 frames this node keeps in memory for its own shard writers (the rest is read back from the cache).</param>
    /// <param name="reader">How raw files are read (the disk by default).</param>
    public PipelineEnvironment(IObjectStore store, ExperimentRegistry registry, CorpusSettings settings, PipelineTimings timings, long framesMemoryBytes, IRawFileReader? reader = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(timings);
        settings.Stage1.AugMotion.Validate();
        settings.Stage2.Validate();
        timings.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Stage1.Parallelism, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(framesMemoryBytes);
        Store = store;
        Registry = registry;
        Settings = settings;
        Timings = timings;
        Reader = reader ?? DiskRawFileReader.Instance;
        Config = settings.Config();
        Cache = new Stage1Cache(store);
        var frames = new Stage1MemoryFrames(Cache, framesMemoryBytes, evictOldest: true);
        Frames = frames;
        Runner = new Stage1Runner(Cache, settings.Stage1, Reader, frames);
        Stage1Slots = new SemaphoreSlim(settings.Stage1.Parallelism);
        ShardSlots = new SemaphoreSlim(settings.Stage1.Parallelism + 1);
    }

    /// <summary>The object store.</summary>
    public IObjectStore Store { get; }

    /// <summary>The registry.</summary>
    public ExperimentRegistry Registry { get; }

    /// <summary>The corpus settings.</summary>
    public CorpusSettings Settings { get; }

    /// <summary>Retry interval, work in flight, attempts.</summary>
    public PipelineTimings Timings { get; }

    /// <summary>How raw files are read.</summary>
    public IRawFileReader Reader { get; }

    /// <summary>The corpus config of <see cref="Settings"/> (its hash must be the same on every node).</summary>
    public CorpusConfig Config { get; }

    /// <summary>The stage-1 cache in <see cref="Store"/>.</summary>
    public Stage1Cache Cache { get; }

    /// <summary>Where shard writers get stage-1 frames: this node's recent units in memory, else the cache.</summary>
    public IStage1Frames Frames { get; }

    /// <summary>Stage 1 of one unit against the cache (stores before it returns: a unit is reported done once stored).</summary>
    public Stage1Runner Runner { get; }

    /// <summary>Stage-1 units running at once on this node (one per core; each spreads its sequences over the cores).</summary>
    public SemaphoreSlim Stage1Slots { get; }

    /// <summary>Shard writers running at once on this node (one more than cores: a writer waiting for the store's flush leaves its core).</summary>
    public SemaphoreSlim ShardSlots { get; }
}
