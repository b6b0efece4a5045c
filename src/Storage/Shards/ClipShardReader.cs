using System.Runtime.CompilerServices;
using PoseCluster.Datasets;
using PoseCluster.Storage.Objects;
using PoseCluster.Storage.Shards.Arrow;

namespace PoseCluster.Storage.Shards;

/// <summary>
/// Streams clips from one Arrow IPC clip shard, front to back (works on a forward-only S3 download).
/// Each record batch body is read from the stream once; poses are then either viewed in place
/// (<see cref="ReadBatchesAsync"/>) or copied once into each <see cref="Clip"/> (<see cref="ReadClipsAsync"/>).
/// Truncated or corrupted shards raise <see cref="ShardFormatException"/>.
/// </summary>
/// <example>
/// <code>
/// await using var reader = await ClipShardReader.OpenAsync(store, "corpora/v1/train/shard-00000.arrow", ct);
/// await foreach (var batch in reader.ReadBatchesAsync(ct))
///     for (var i = 0; i &lt; batch.Count; i++) Consume(batch.Pose3d(i));
/// </code>
/// </example>
public sealed class ClipShardReader : IAsyncDisposable
{
    private readonly Stream input;
    private readonly ArrowFileReader reader;

    private ClipShardReader(Stream input, ArrowFileReader reader, ClipShardMetadata metadata)
    {
        this.input = input;
        this.reader = reader;
        Metadata = metadata;
    }

    /// <summary>The shard's schema metadata (corpus version, T, S, units, Ms, Msp).</summary>
    public ClipShardMetadata Metadata { get; }

    /// <summary>Bytes read from the shard so far.</summary>
    public long BytesRead => reader.Position;

    /// <summary>Opens shard <paramref name="key"/> of <paramref name="store"/> and reads its schema.</summary>
    public static async Task<ClipShardReader> OpenAsync(IObjectStore store, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var stream = await store.GetAsync(key, cancellationToken).ConfigureAwait(false);
        return await OpenAsync(stream, key, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Opens a shard from <paramref name="input"/> (taken over: disposed with the reader); <paramref name="source"/> names it in errors.</summary>
    public static async Task<ClipShardReader> OpenAsync(Stream input, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            var reader = await ArrowFileReader.OpenAsync(input, source, ObjectStreams.KnownLength(input), cancellationToken).ConfigureAwait(false);
            var metadata = ClipShardMetadata.FromKeyValues(reader.Schema.Metadata, out var problem);
            problem ??= ClipSchema.Mismatch(reader.Schema, metadata);
            if (problem is not null)
            {
                throw new ShardFormatException(source, 8, $"not a clip shard: {problem}");
            }

            return new ClipShardReader(input, reader, metadata);
        }
        catch
        {
            await input.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The shard's record batches in file order; poses are views valid while the batch is referenced.</summary>
    public async IAsyncEnumerable<ClipBatch> ReadBatchesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await reader.ReadBatchAsync(cancellationToken).ConfigureAwait(false) is { } batch)
        {
            yield return new ClipBatch(batch);
        }
    }

    /// <summary>The shard's clips in file order, each with its own pose arrays.</summary>
    public async IAsyncEnumerable<Clip> ReadClipsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var batch in ReadBatchesAsync(cancellationToken).ConfigureAwait(false))
        {
            for (var row = 0; row < batch.Count; row++)
            {
                yield return batch.ToClip(row);
            }
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => input.DisposeAsync();
}
