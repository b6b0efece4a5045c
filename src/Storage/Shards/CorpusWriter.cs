using System.Globalization;
using System.Text;
using PoseCluster.Datasets;
using PoseCluster.Storage.Objects;

namespace PoseCluster.Storage.Shards;

/// <summary>
/// Writes the clips of one corpus version as Arrow IPC shards into an object store:
/// <c>corpora/&lt;version&gt;/&lt;split&gt;/shard-00000.arrow</c>, each filled up to the target size,
/// and <c>manifest.json</c> written last. Each shard is written by Apache.Arrow's file writer into a
/// temporary file (the writer needs a seekable stream; <see cref="ObjectStaging"/>), hashed (SHA-256) on
/// another thread from the bytes as they are written (the pose columns where they lie, while the next
/// batch fills a second set of columns), then put into the store — for a folder store, flushed to disk and
/// renamed into place — on another thread, while the next shard is written.
/// Clips of different splits may come interleaved: each split has its own open shard.
/// </summary>
/// <example>
/// <code>
/// await using var writer = new CorpusWriter(store, metadata, CorpusWriterOptions.Default);
/// foreach (var clip in clips) await writer.AddAsync(clip, ct);
/// var manifest = await writer.CompleteAsync(ct);
/// </code>
/// </example>
public sealed class CorpusWriter : IAsyncDisposable
{
    /// <summary>Two shards are hashed and stored at a time (two cores), which bounds the staged files to three.</summary>
    private const int UploadsInFlight = 2;

    private readonly IObjectStore store;
    private readonly ClipShardMetadata metadata;
    private readonly CorpusWriterOptions options;
    private readonly int rowsPerBatch;
    private readonly Dictionary<string, OpenShard> open = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> shardCounts = new(StringComparer.Ordinal);
    private readonly List<ShardEntry> written = [];
    private readonly CancellationTokenSource abandon = new();
    /// <summary>Shards being hashed and stored, oldest first; at most <see cref="UploadsInFlight"/>.</summary>
    private readonly Queue<Task<ShardEntry>> uploads = new();
    private bool completed;

    /// <summary>Creates a writer for corpus <paramref name="metadata"/>.CorpusVersion into <paramref name="store"/>.</summary>
    public CorpusWriter(IObjectStore store, ClipShardMetadata metadata, CorpusWriterOptions options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(options);
        ObjectKeys.Validate(CorpusManifest.KeyFor(metadata.CorpusVersion));
        this.store = store;
        this.metadata = metadata;
        this.options = options;
        var rowBytes = (metadata.Pose3dLength + metadata.Pose2dLength) * sizeof(float) + 128;
        var batchBytes = Math.Min(options.BatchBytes, Math.Max(1, options.TargetShardBytes / 8));
        rowsPerBatch = (int)Math.Clamp(batchBytes / rowBytes, 1, 1 << 20);
    }

    /// <summary>Shards completed (stored) so far, in the order they were closed.</summary>
    public IReadOnlyList<ShardEntry> Shards => written;

    /// <summary>Adds one clip to the open shard of its split.</summary>
    public async ValueTask AddAsync(Clip clip, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clip);
        ObjectDisposedException.ThrowIf(completed, this);
        if (!open.TryGetValue(clip.Split, out var shard))
        {
            ObjectKeys.Validate($"corpora/{metadata.CorpusVersion}/{clip.Split}/x");
            shard = new OpenShard(clip.Split, new AlternatingColumns(metadata, rowsPerBatch));
            open[clip.Split] = shard;
        }

        shard.Pending.Filling.Add(clip);
        if (shard.Pending.Filling.Count == shard.Pending.Filling.Capacity)
        {
            await FlushBatchAsync(shard, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Closes every shard, waits until each is stored, then writes the manifest; returns it.</summary>
    public async Task<CorpusManifest> CompleteAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(completed, this);
        foreach (var shard in open.Values)
        {
            if (shard.Pending.Filling.Count > 0)
            {
                await FlushBatchAsync(shard, cancellationToken).ConfigureAwait(false);
            }

            await CloseAsync(shard, cancellationToken).ConfigureAwait(false);
        }

        while (uploads.Count > 0)
        {
            await AwaitOldestUploadAsync().ConfigureAwait(false);
        }

        open.Clear();
        completed = true;
        var manifest = new CorpusManifest(
            metadata.CorpusVersion, metadata.WindowLength, metadata.Stride, metadata.MeanShoulderWidth, metadata.MeanShoulderToPelvis,
            written.OrderBy(s => s.Key, StringComparer.Ordinal).ToList());
        using var json = new MemoryStream(Encoding.UTF8.GetBytes(manifest.ToJson()));
        await store.PutAsync(CorpusManifest.KeyFor(metadata.CorpusVersion), json, cancellationToken).ConfigureAwait(false);
        return manifest;
    }

    /// <summary>Abandons shards not yet stored: their temporary files are deleted, no manifest is written.</summary>
    public async ValueTask DisposeAsync()
    {
        await abandon.CancelAsync().ConfigureAwait(false);
        while (uploads.TryDequeue(out var pending))
        {
            try
            {
                await pending.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Abandoned on purpose (or already failed and reported): nothing more to do with it.
            }
        }

        foreach (var shard in open.Values)
        {
            if (shard.File is { } file)
            {
                await file.DisposeAsync().ConfigureAwait(false);
            }
        }

        open.Clear();
        completed = true;
        abandon.Dispose();
    }

    private async Task FlushBatchAsync(OpenShard shard, CancellationToken cancellationToken)
    {
        while (uploads.TryPeek(out var oldest) && oldest.IsCompleted)
        {
            // Collect finished uploads; a store that refused one is reported now rather than after another shard.
            await AwaitOldestUploadAsync().ConfigureAwait(false);
        }

        var columns = shard.Pending.Filling;
        if (shard.File is { } file && file.Writer.LengthWith(columns.BodyLength) > options.TargetShardBytes)
        {
            await CloseAsync(shard, cancellationToken).ConfigureAwait(false);
        }

        shard.File ??= StartShard(shard.Split);
        cancellationToken.ThrowIfCancellationRequested();
        shard.File.Staged.Lend(columns.PoseBuffers);
        shard.File.Writer.Write(columns);
        var released = shard.File.Staged.WrittenAsync(cancellationToken);
        shard.File.Clips += columns.Count;
        // The written columns are hashed where they lie while the other set is filled.
        await shard.Pending.SwapAsync(released, cancellationToken).ConfigureAwait(false);
    }

    private ShardFile StartShard(string split)
    {
        var number = shardCounts.GetValueOrDefault(split);
        shardCounts[split] = number + 1;
        var key = string.Create(CultureInfo.InvariantCulture, $"corpora/{metadata.CorpusVersion}/{split}/shard-{number:D5}.arrow");
        // Deleted when disposed uncommitted, so nothing is left behind by a failed or abandoned shard.
        var staged = ObjectStaging.Stage(store, key);
        return new ShardFile(split, staged, new ClipShardWriter(staged.Content, metadata));
    }

    /// <summary>Finishes the shard's file and starts hashing and storing it on another thread, once fewer than <see cref="UploadsInFlight"/> are under way.</summary>
    private async Task CloseAsync(OpenShard shard, CancellationToken cancellationToken)
    {
        if (shard.File is not { } file)
        {
            return;
        }

        shard.File = null;
        try
        {
            file.Writer.Finish();
            while (uploads.Count >= UploadsInFlight)
            {
                await AwaitOldestUploadAsync().ConfigureAwait(false);
            }
        }
        catch
        {
            await file.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        uploads.Enqueue(Task.Run(() => UploadAsync(file, abandon.Token), CancellationToken.None));
    }

    private async Task<ShardEntry> UploadAsync(ShardFile file, CancellationToken cancellationToken)
    {
        await using (file.ConfigureAwait(false))
        {
            var stored = await file.Staged.CommitAsync(cancellationToken).ConfigureAwait(false);
            return new ShardEntry(stored.Key, file.Split, file.Clips, stored.Bytes, stored.Sha256);
        }
    }

    private async Task AwaitOldestUploadAsync() => written.Add(await uploads.Dequeue().ConfigureAwait(false));

    private sealed class OpenShard(string split, AlternatingColumns pending)
    {
        public string Split { get; } = split;

        public AlternatingColumns Pending { get; } = pending;

        public ShardFile? File { get; set; }
    }

    private sealed class ShardFile(string split, StagedObject staged, ClipShardWriter writer) : IAsyncDisposable
    {
        public string Split { get; } = split;

        public StagedObject Staged { get; } = staged;

        public ClipShardWriter Writer { get; } = writer;

        public long Clips { get; set; }

        public async ValueTask DisposeAsync()
        {
            Writer.Dispose();
            await Staged.DisposeAsync().ConfigureAwait(false);
        }
    }
}
