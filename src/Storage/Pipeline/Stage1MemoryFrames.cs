using System.Collections.Concurrent;
using PoseCluster.Datasets.Pipeline;

namespace PoseCluster.Storage.Pipeline;

/// <summary>
/// The frames of units computed by this process, kept in memory up to a byte budget so that shard writers
/// in the same process need not read back what was just stored; anything not held (over budget, or cached
/// by an earlier run) is read from <paramref name="cache"/>. The frames held are the very arrays the stored
/// blocks were written from, so the shards are the same bytes either way.
/// </summary>
/// <param name="cache">The stage-1 cache in object storage.</param>
/// <param name="budgetBytes">Most block bytes held at once.</param>
/// <param name="evictOldest">
/// False (the one-process <c>harmonize</c>): a unit that does not fit is not held, and nothing held is ever
/// dropped (its cache entry may still be on its way to the store). True (a long-running node, whose units
/// are stored before they are held): the oldest units are dropped to make room for a new one.
/// </param>
public sealed class Stage1MemoryFrames(Stage1Cache cache, long budgetBytes, bool evictOldest = false) : IStage1Frames
{
    private readonly ConcurrentDictionary<(string Config, string Content), IReadOnlyList<Stage1Result>> _units = new();
    // Held units in the order they were added, with their bytes (eviction order; guarded by itself).
    private readonly Queue<((string Config, string Content) Key, long Bytes)> _order = new();
    private long _held;

    /// <summary>Keeps a unit's frames when they fit in the budget; false when they do not.</summary>
    public bool TryHold(Stage1Location location, IReadOnlyList<Stage1Result> results)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(results);
        var bytes = results.Sum(r => r.Payload is null ? 0 : r.Sequence.Block?.Bytes ?? 0);
        var key = (location.ConfigHash, location.ContentHash);
        if (evictOldest)
        {
            return HoldEvicting(key, results, bytes);
        }

        if (Interlocked.Add(ref _held, bytes) > budgetBytes)
        {
            Interlocked.Add(ref _held, -bytes);
            return false;
        }

        if (!_units.TryAdd(key, results))
        {
            Interlocked.Add(ref _held, -bytes);
        }

        return true;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyDictionary<int, Stage1Payload>> ReadAsync(Stage1Location location, IEnumerable<Stage1Sequence> sequences, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(sequences);
        var wanted = sequences.ToList();
        if (!_units.TryGetValue((location.ConfigHash, location.ContentHash), out var held))
        {
            return await cache.ReadAsync(location, wanted, cancellationToken).ConfigureAwait(false);
        }

        // Shared read-only: shard writers copy what they project and never write into these arrays.
        var result = new Dictionary<int, Stage1Payload>(wanted.Count);
        foreach (var sequence in wanted)
        {
            result[sequence.Index] = held[sequence.Index].Payload ?? throw new ArgumentException($"{sequence.Subject}/{sequence.Action}.{sequence.Camera} has no stage-1 frames (rejected)", nameof(sequences));
        }

        return result;
    }

    private bool HoldEvicting((string, string) key, IReadOnlyList<Stage1Result> results, long bytes)
    {
        if (bytes > budgetBytes)
        {
            return false;
        }

        lock (_order)
        {
            if (!_units.TryAdd(key, results))
            {
                return true;
            }

            _order.Enqueue((key, bytes));
            _held += bytes;
            while (_held > budgetBytes && _order.TryDequeue(out var oldest))
            {
                _units.TryRemove(oldest.Key, out _);
                _held -= oldest.Bytes;
            }
        }

        return true;
    }
}
