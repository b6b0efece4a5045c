using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using PoseCluster.Datasets;
using PoseCluster.Storage.Objects;
using PoseCluster.Storage.Shards.Arrow;

namespace PoseCluster.Storage.Shards;

/// <summary>
/// Writes the clips of one corpus version as Arrow IPC shards into an object store:
/// <c>corpora/&lt;version&gt;/&lt;split&gt;/shard-00000.arrow</c>, each filled up to the target size,
/// SHA-256 computed while the bytes stream to the store, and <c>manifest.json</c> written last.
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
    private readonly IObjectStore store;
    private readonly ClipShardMetadata metadata;
    private readonly CorpusWriterOptions options;
    private readonly int rowsPerBatch;
    private readonly Dictionary<string, OpenShard> open = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> shardCounts = new(StringComparer.Ordinal);
    private readonly List<ShardEntry> written = [];
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

    /// <summary>Shards completed so far, in the order they were closed.</summary>
    public IReadOnlyList<ShardEntry> Shards => written;

    /// <summary>Adds one clip to the open shard of its split.</summary>
    public async ValueTask AddAsync(Clip clip, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clip);
        ObjectDisposedException.ThrowIf(completed, this);
        if (!open.TryGetValue(clip.Split, out var shard))
        {
            ObjectKeys.Validate($"corpora/{metadata.CorpusVersion}/{clip.Split}/x");
            shard = new OpenShard(clip.Split);
            open[clip.Split] = shard;
        }

        shard.Pending.Add(clip);
        if (shard.Pending.Count >= rowsPerBatch)
        {
            await FlushBatchAsync(shard, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Closes every shard, then writes the manifest; returns it.</summary>
    public async Task<CorpusManifest> CompleteAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(completed, this);
        foreach (var shard in open.Values)
        {
            if (shard.Pending.Count > 0)
            {
                await FlushBatchAsync(shard, cancellationToken).ConfigureAwait(false);
            }

            await CloseAsync(shard, cancellationToken).ConfigureAwait(false);
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

    /// <summary>Abandons shards still open: their uploads fail, so nothing half-written is stored under a shard key.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var shard in open.Values)
        {
            await shard.AbortAsync().ConfigureAwait(false);
        }

        open.Clear();
        completed = true;
    }

    private async Task FlushBatchAsync(OpenShard shard, CancellationToken cancellationToken)
    {
        var batch = ArrowFileWriter.Prepare(shard.Pending.Count, ClipSchema.Columns(shard.Pending, metadata));
        if (shard.Sink is { } sink && sink.Writer.Position + batch.Length + sink.Writer.FinishLength > options.TargetShardBytes)
        {
            await CloseAsync(shard, cancellationToken).ConfigureAwait(false);
        }

        shard.Sink ??= StartShard(shard.Split);
        if (shard.Sink.Upload.IsFaulted)
        {
            // The store refused the upload: report that now rather than after writing the whole shard.
            await shard.Sink.Upload.ConfigureAwait(false);
        }

        await shard.Sink.Writer.WriteBatchAsync(batch, cancellationToken).ConfigureAwait(false);
        shard.Sink.Clips += shard.Pending.Count;
        shard.Pending.Clear();
    }

    private ShardSink StartShard(string split)
    {
        var number = shardCounts.GetValueOrDefault(split);
        shardCounts[split] = number + 1;
        var key = string.Create(CultureInfo.InvariantCulture, $"corpora/{metadata.CorpusVersion}/{split}/shard-{number:D5}.arrow");
        // The pipe hands the bytes to the store's upload as they are produced: no staging copy.
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 16 << 20, resumeWriterThreshold: 8 << 20, minimumSegmentSize: 1 << 16, useSynchronizationContext: false));
        var upload = Task.Run(() => UploadAsync(key, pipe.Reader));
        var hashing = new HashingWriteStream(pipe.Writer.AsStream());
        return new ShardSink(key, split, pipe, upload, hashing, new ArrowFileWriter(hashing, ClipSchema.For(metadata)));
    }

    private async Task UploadAsync(string key, PipeReader reader)
    {
        var stream = reader.AsStream();
        await using (stream.ConfigureAwait(false))
        {
            await store.PutAsync(key, stream, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task CloseAsync(OpenShard shard, CancellationToken cancellationToken)
    {
        if (shard.Sink is not { } sink)
        {
            return;
        }

        shard.Sink = null;
        try
        {
            await sink.Writer.FinishAsync(cancellationToken).ConfigureAwait(false);
            await sink.Pipe.Writer.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            await sink.Pipe.Writer.CompleteAsync(e).ConfigureAwait(false);
            await IgnoreUploadFailureAsync(sink.Upload).ConfigureAwait(false);
            throw;
        }

        await sink.Upload.ConfigureAwait(false);
        written.Add(new ShardEntry(sink.Key, sink.Split, sink.Clips, sink.Hashing.BytesWritten, sink.Hashing.HashHex()));
        sink.Hashing.Dispose();
    }

    private static async Task IgnoreUploadFailureAsync(Task upload)
    {
        try
        {
            await upload.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The writer's own failure is the one to report; the upload failed because of it.
        }
    }

    private sealed class OpenShard(string split)
    {
        public string Split { get; } = split;

        public List<Clip> Pending { get; } = [];

        public ShardSink? Sink { get; set; }

        public async ValueTask AbortAsync()
        {
            if (Sink is { } sink)
            {
                await sink.Pipe.Writer.CompleteAsync(new OperationCanceledException("the corpus writer was disposed before the shard was complete")).ConfigureAwait(false);
                await IgnoreUploadFailureAsync(sink.Upload).ConfigureAwait(false);
                sink.Hashing.Dispose();
                Sink = null;
            }
        }
    }

    private sealed record ShardSink(string Key, string Split, Pipe Pipe, Task Upload, HashingWriteStream Hashing, ArrowFileWriter Writer)
    {
        public long Clips { get; set; }
    }
}
