using PoseCluster.Datasets.AugMotion;
using PoseCluster.Storage.Objects;

namespace PoseCluster.Storage.Shards;

/// <summary>
/// The harmonizer's sink that cuts each harmonized sequence into clips and writes them as Arrow
/// shards of one corpus version (<see cref="CorpusWriter"/>). The shard writer is created when the
/// canonical triangle is known, so every shard carries Ms and Msp in its schema metadata. Sequences
/// arrive from several workers; clips are appended one sequence at a time.
/// </summary>
public sealed class ClipShardSink : IHarmonizedSequenceSink, ICanonicalTriangleSink, IAsyncDisposable
{
    private readonly IObjectStore store;
    private readonly string corpusVersion;
    private readonly int windowLength;
    private readonly int stride;
    private readonly CorpusWriterOptions options;
    private readonly SemaphoreSlim gate = new(1, 1);
    private CorpusWriter? writer;

    /// <summary>Creates a sink writing corpus <paramref name="corpusVersion"/> (T = <paramref name="windowLength"/>, S = <paramref name="stride"/>) into <paramref name="store"/>.</summary>
    public ClipShardSink(IObjectStore store, string corpusVersion, int windowLength, int stride, CorpusWriterOptions options)
    {
        this.store = store;
        this.corpusVersion = corpusVersion;
        this.windowLength = windowLength;
        this.stride = stride;
        this.options = options;
    }

    /// <summary>Clips written so far.</summary>
    public long Clips { get; private set; }

    /// <inheritdoc/>
    public ValueTask BeginAsync(CanonicalTriangle triangle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(triangle);
        var metadata = new ClipShardMetadata(corpusVersion, "h36m-17", windowLength, stride, "mm", triangle.ShoulderWidthMm, triangle.ShoulderToPelvisMm);
        writer = new CorpusWriter(store, metadata, options);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public async ValueTask<string> WriteAsync(HarmonizedSequence sequence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        var target = writer ?? throw new InvalidOperationException("the harmonizer did not announce the canonical triangle before the first sequence");
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var clip in sequence.Clips())
            {
                await target.AddAsync(clip, cancellationToken).ConfigureAwait(false);
                Clips++;
            }
        }
        finally
        {
            gate.Release();
        }

        return $"corpora/{corpusVersion}/{sequence.Split}/";
    }

    /// <summary>Closes every shard and writes the manifest last; null when no sequence was harmonized.</summary>
    public async Task<CorpusManifest?> CompleteAsync(CancellationToken cancellationToken) =>
        writer is null ? null : await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (writer is not null)
        {
            await writer.DisposeAsync().ConfigureAwait(false);
        }

        gate.Dispose();
    }
}
