using System.Collections.Concurrent;
using PoseCluster.Datasets.Pipeline;

namespace PoseCluster.Storage.Pipeline;

/// <summary>
/// The frames of units computed by this process, kept in memory up to a byte budget so that the
/// one-process <c>harmonize</c> writes shards without reading back what it just stored; anything not
/// held (over budget, or cached by an earlier run) is read from <paramref name="cache"/>. The frames held
/// are the very arrays the stored blocks were written from, so the shards are the same bytes either way.
/// </summary>
/// <param name="cache">The stage-1 cache in object storage.</param>
/// <param name="budgetBytes">Most block bytes held at once.</param>
public sealed class Stage1MemoryFrames(Stage1Cache cache, long budgetBytes) : IStage1Frames
{
    private readonly ConcurrentDictionary<(string Config, string Content), IReadOnlyList<Stage1Result>> _units = new();
    private long _held;

    /// <summary>Keeps a unit's frames when they fit in the budget; false when they do not.</summary>
    public bool TryHold(Stage1Location location, IReadOnlyList<Stage1Result> results)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(results);
        var bytes = results.Sum(r => r.Payload is null ? 0 : r.Sequence.Block?.Bytes ?? 0);
        if (Interlocked.Add(ref _held, bytes) > budgetBytes)
        {
            Interlocked.Add(ref _held, -bytes);
            return false;
        }

        if (!_units.TryAdd((location.ConfigHash, location.ContentHash), results))
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
}
