using System.Collections.Concurrent;
using PoseCluster.Datasets.Pipeline;

namespace PoseCluster.Storage.Pipeline;

/// <summary>
/// The blocks of units computed by this process, kept in memory up to a byte budget so that the
/// one-process <c>harmonize</c> writes shards without reading back what it just stored; anything not
/// held (over budget, or cached by an earlier run) is read from <paramref name="cache"/>. The blocks are
/// decoded and checked exactly as the stored ones, so the shards are the same bytes either way.
/// </summary>
/// <param name="cache">The stage-1 cache in object storage.</param>
/// <param name="budgetBytes">Most block bytes held at once.</param>
public sealed class Stage1MemoryFrames(Stage1Cache cache, long budgetBytes) : IStage1Frames
{
    private readonly ConcurrentDictionary<(string Config, string Content), IReadOnlyList<Stage1Result>> _units = new();
    private long _held;

    /// <summary>Keeps a unit's blocks when they fit in the budget; false when they do not.</summary>
    public bool TryHold(Stage1Location location, IReadOnlyList<Stage1Result> results)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(results);
        var bytes = results.Sum(r => (long)(r.Block?.Length ?? 0));
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

        var name = Stage1Cache.DataKey(location);
        var result = new Dictionary<int, Stage1Payload>(wanted.Count);
        foreach (var sequence in wanted)
        {
            var block = held[sequence.Index].Block ?? throw new ArgumentException($"{sequence.Subject}/{sequence.Action}.{sequence.Camera} has no stage-1 block (rejected)", nameof(sequences));
            var where = sequence.Block!;
            result[sequence.Index] = Stage1Blocks.Decode(block, sequence.Frames, sequence.Has2d, where.Checksum, name, where.Offset);
        }

        return result;
    }
}
