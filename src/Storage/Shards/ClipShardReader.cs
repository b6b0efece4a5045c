using System.Runtime.CompilerServices;
using PoseCluster.Datasets;
using PoseCluster.Storage.Objects;

namespace PoseCluster.Storage.Shards;

/// <summary>
/// Reads the clips of one Arrow IPC clip shard through Apache.Arrow, batch by batch. Shards from a
/// store are checked against the SHA-256 recorded when they were written before anything is read
/// (<see cref="VerifiedObjects"/>). Poses are either viewed in place (<see cref="ReadBatchesAsync(CancellationToken)"/>)
/// or copied once into each <see cref="Clip"/> (<see cref="ReadClipsAsync"/>). Truncated, corrupted
/// or foreign files raise <see cref="ShardFormatException"/>; a wrong checksum <see cref="ChecksumMismatchException"/>.
/// </summary>
/// <example>
/// <code>
/// var manifest = await CorpusManifest.ReadAsync(store, "v1", ct);
/// await using var reader = await ClipShardReader.OpenAsync(store, manifest.Shards[0], ct);
/// await foreach (var batch in reader.ReadBatchesAsync(ct))
///     for (var i = 0; i &lt; batch.Count; i++) Consume(batch.Pose3d(i));
/// </code>
/// </example>
public sealed class ClipShardReader : IAsyncDisposable
{
    private readonly ArrowShardReader reader;

    private ClipShardReader(ArrowShardReader reader, ClipShardMetadata metadata)
    {
        this.reader = reader;
        Metadata = metadata;
    }

    /// <summary>The shard's schema metadata (corpus version, T, S, units, Ms, Msp).</summary>
    public ClipShardMetadata Metadata { get; }

    /// <summary>Bytes of the shard read so far.</summary>
    public long BytesRead => reader.Position;

    /// <summary>Opens <paramref name="shard"/> of <paramref name="store"/> once its bytes match the manifest's size and SHA-256.</summary>
    public static async Task<ClipShardReader> OpenAsync(IObjectStore store, ShardEntry shard, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(shard);
        var stream = await VerifiedObjects.OpenAsync(store, shard.Key, shard.Sha256, cancellationToken, shard.Bytes).ConfigureAwait(false);
        return await OpenAsync(stream, shard.Key, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Opens shard <paramref name="key"/> (<c>corpora/&lt;version&gt;/...</c>) of <paramref name="store"/>,
    /// checked against the size and SHA-256 its corpus manifest records; a shard no manifest lists is a
    /// <see cref="CorpusIncompleteException"/> (its checksum cannot be verified).
    /// </summary>
    public static async Task<ClipShardReader> OpenAsync(IObjectStore store, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(key);
        var parts = key.Split('/');
        if (parts.Length < 3 || parts[0] != "corpora")
        {
            throw new ObjectKeyException(key, "a shard key is corpora/<version>/<split>/<file>, the corpus manifest records its checksum");
        }

        var manifestKey = CorpusManifest.KeyFor(parts[1]);
        var manifest = await CorpusManifest.LoadAsync(store, parts[1], cancellationToken).ConfigureAwait(false);
        var shard = manifest.Shards.FirstOrDefault(s => s.Key == key)
            ?? throw new CorpusIncompleteException(manifestKey, $"shard {key} is not listed, so its sha256 cannot be verified");
        return await OpenAsync(store, shard, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Opens a shard from <paramref name="input"/> (taken over: disposed with the reader), trusted as it is; <paramref name="source"/> names it in errors.</summary>
    public static async Task<ClipShardReader> OpenAsync(Stream input, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var reader = await ArrowShardReader.OpenAsync(input, source, cancellationToken).ConfigureAwait(false);
        try
        {
            var metadata = ClipShardMetadata.FromKeyValues(reader.Schema.Metadata ?? new Dictionary<string, string>(), out var problem);
            problem ??= ClipSchema.Mismatch(reader.Schema, metadata);
            if (problem is not null)
            {
                throw new ShardFormatException(source, 8, $"not a clip shard: {problem}");
            }

            return new ClipShardReader(reader, metadata);
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The record batches of <paramref name="shards"/>, shard after shard, each verified against its
    /// size and SHA-256 before any of it is read. The next two shards are fetched and verified in the
    /// background while the current one is read (hashing is the slow part, and two run on two cores),
    /// so checking — and an S3 download — overlaps consuming. A batch's spans are valid until the next
    /// batch is requested.
    /// </summary>
    public static async IAsyncEnumerable<ClipBatch> ReadBatchesAsync(IObjectStore store, IReadOnlyList<ShardEntry> shards, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(shards);
        const int ahead = 2;
        var opening = new Queue<Task<ClipShardReader>>();
        var started = 0;
        void StartMore()
        {
            while (opening.Count < ahead && started < shards.Count)
            {
                var shard = shards[started++];
                opening.Enqueue(Task.Run(() => OpenAsync(store, shard, cancellationToken), cancellationToken));
            }
        }

        try
        {
            StartMore();
            while (opening.Count > 0)
            {
                var reader = await opening.Dequeue().ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    StartMore();
                    await foreach (var batch in reader.ReadBatchesAsync(cancellationToken).ConfigureAwait(false))
                    {
                        yield return batch;
                    }
                }
            }
        }
        finally
        {
            // Left early (or failed): the shards opened ahead are closed, not leaked.
            while (opening.Count > 0)
            {
                try
                {
                    await (await opening.Dequeue().ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
                }
                catch (Exception e) when (e is StorageException or OperationCanceledException or IOException)
                {
                    // Its error belongs to a read nobody asked for any more.
                }
            }
        }
    }

    /// <summary>The shard's record batches in file order; a batch's spans are valid until the next batch is requested.</summary>
    public async IAsyncEnumerable<ClipBatch> ReadBatchesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await reader.ReadNextAsync(cancellationToken).ConfigureAwait(false) is { } batch)
        {
            using (batch)
            {
                yield return new ClipBatch(batch, Metadata);
            }
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
    public ValueTask DisposeAsync()
    {
        reader.Dispose();
        return ValueTask.CompletedTask;
    }
}
