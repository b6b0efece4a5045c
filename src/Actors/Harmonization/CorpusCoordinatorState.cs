using PoseCluster.Storage.Pipeline;

namespace PoseCluster.Actors.Harmonization;

/// <summary>
/// The persistent state of the corpus coordinator; <see cref="Apply"/> is the only place it changes. It
/// knows the datasets, which of them have a complete ingestion, the jobs waiting for a version, the versions
/// it completed (the newest is the parent of the next), the shards already stored of the version being built
/// (a coordinator that moves to another node does not write them again), and every finished job's result.
/// </summary>
internal sealed class CorpusCoordinatorState
{
    private readonly SortedSet<string> _datasets = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _ready = new(StringComparer.Ordinal);
    private readonly List<CorpusJobQueued> _queue = [];
    private readonly List<string> _versions = [];
    private readonly Dictionary<string, CorpusJobResult> _results = new(StringComparer.Ordinal);
    private readonly Dictionary<string, VersionShard> _written = new(StringComparer.Ordinal);

    /// <summary>Every dataset ever added.</summary>
    public IReadOnlyCollection<string> Datasets => _datasets;

    /// <summary>Datasets with a complete ingestion.</summary>
    public IReadOnlyCollection<string> Ready => _ready;

    /// <summary>Jobs waiting for a version, in arrival order.</summary>
    public IReadOnlyList<CorpusJobQueued> Queue => _queue;

    /// <summary>Versions completed, oldest first (a version completed again moves to the end).</summary>
    public IReadOnlyList<string> Versions => _versions;

    /// <summary>The newest completed version: the parent of the next.</summary>
    public string? Latest => _versions.Count > 0 ? _versions[^1] : null;

    /// <summary>The version whose shards are being written, or null.</summary>
    public string? Building { get; private set; }

    /// <summary>Shards of <see cref="Building"/> already stored, by key.</summary>
    public IReadOnlyDictionary<string, VersionShard> Written => _written;

    /// <summary>A finished job's result, or null.</summary>
    public CorpusJobResult? Result(string job) => _results.GetValueOrDefault(job);

    /// <summary>True when the job is queued or finished.</summary>
    public bool Knows(string job) => _results.ContainsKey(job) || _queue.Any(q => q.Job == job);

    /// <summary>Applies one event.</summary>
    public void Apply(object @event)
    {
        switch (@event)
        {
            case CoordinatorDatasetTracked tracked:
                _datasets.Add(tracked.Dataset);
                break;
            case CorpusJobQueued queued:
                _datasets.Add(queued.Dataset);
                _ready.Add(queued.Dataset);
                if (!Knows(queued.Job))
                {
                    _queue.Add(queued);
                }

                break;
            case CorpusBuildStarted started:
                if (Building != started.Version)
                {
                    _written.Clear();
                }

                Building = started.Version;
                break;
            case CorpusShardRecorded recorded when recorded.Version == Building:
                _written[recorded.Shard.Key] = recorded.Shard;
                break;
            case CorpusBuildCompleted completed:
                _versions.Remove(completed.Version);
                _versions.Add(completed.Version);
                Finish(completed.Results);
                break;
            case CorpusBuildFailed failed:
                Finish([.. failed.Jobs.Select(job => new CorpusJobResult(job, _queue.FirstOrDefault(q => q.Job == job)?.Dataset ?? "", "failed", null, null, 0, 0, 0, failed.Reason))]);
                break;
            default:
                // Events of other shapes are not produced; ignoring them keeps recovery total.
                break;
        }
    }

    /// <summary>The snapshot (taken with no version being built).</summary>
    public CorpusCoordinatorSnapshot ToSnapshot() => new(_datasets.ToArray(), _ready.ToArray(), _queue.ToArray(), _versions.ToArray(), _results.Values.ToArray());

    /// <summary>Restores a snapshot.</summary>
    public void Restore(CorpusCoordinatorSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        _datasets.Clear();
        _datasets.UnionWith(snapshot.Datasets);
        _ready.Clear();
        _ready.UnionWith(snapshot.Ready);
        _queue.Clear();
        _queue.AddRange(snapshot.Queue);
        _versions.Clear();
        _versions.AddRange(snapshot.Versions);
        _results.Clear();
        foreach (var result in snapshot.Results)
        {
            _results[result.Job] = result;
        }

        Building = null;
        _written.Clear();
    }

    private void Finish(IReadOnlyList<CorpusJobResult> results)
    {
        foreach (var result in results)
        {
            _results[result.Job] = result;
            _queue.RemoveAll(q => q.Job == result.Job);
        }

        Building = null;
        _written.Clear();
    }
}
