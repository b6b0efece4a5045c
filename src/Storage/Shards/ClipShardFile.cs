using PoseCluster.Datasets;
using PoseCluster.Storage.Objects;

namespace PoseCluster.Storage.Shards;

/// <summary>
/// Writes one whole clip shard: to a seekable stream (tests, benchmarks and tools), or under its key in
/// an object store (the pipeline's shard writers; <see cref="CorpusWriter"/> fills several at once).
/// </summary>
internal static class ClipShardFile
{
    public static async Task<long> WriteAsync(Stream output, ClipShardMetadata metadata, IReadOnlyList<Clip> clips, int rowsPerBatch, CancellationToken cancellationToken)
    {
        using var writer = new ClipShardWriter(output, metadata);
        await WriteBatchesAsync(writer, metadata, clips, rowsPerBatch, staged: null, cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return writer.Length;
    }

    /// <summary>
    /// Stages the shard in a file (the Arrow writer needs a seekable stream), hashing each batch while the
    /// next is encoded, and stores it under <paramref name="key"/>: the key holds the whole shard or nothing.
    /// </summary>
    public static async Task<StoredObject> StoreAsync(IObjectStore store, string key, ClipShardMetadata metadata, IReadOnlyList<Clip> clips, int rowsPerBatch, CancellationToken cancellationToken)
    {
        var staged = ObjectStaging.Stage(store, key);
        await using (staged.ConfigureAwait(false))
        {
            using (var writer = new ClipShardWriter(staged.Content, metadata))
            {
                await WriteBatchesAsync(writer, metadata, clips, rowsPerBatch, staged, cancellationToken).ConfigureAwait(false);
            }

            return await staged.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task WriteBatchesAsync(
        ClipShardWriter writer, ClipShardMetadata metadata, IReadOnlyList<Clip> clips, int rowsPerBatch, StagedObject? staged, CancellationToken cancellationToken)
    {
        var columns = new AlternatingColumns(metadata, rowsPerBatch);
        foreach (var clip in clips)
        {
            columns.Filling.Add(clip);
            if (columns.Filling.Count == rowsPerBatch)
            {
                cancellationToken.ThrowIfCancellationRequested();
                staged?.Lend(columns.Filling.PoseBuffers);
                writer.Write(columns.Filling);
                await columns.SwapAsync(staged is null ? Task.CompletedTask : staged.WrittenAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
            }
        }

        if (columns.Filling.Count > 0 || writer.Batches == 0)
        {
            // Not swapped after: these columns are not filled again, and the commit hashes the rest.
            staged?.Lend(columns.Filling.PoseBuffers);
            writer.Write(columns.Filling);
        }

        writer.Finish();
    }
}
