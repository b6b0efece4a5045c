using PoseCluster.Datasets;

namespace PoseCluster.Storage.Shards;

/// <summary>Writes one clip shard to a seekable stream (tests, benchmarks and tools; corpora go through <see cref="CorpusWriter"/>).</summary>
internal static class ClipShardFile
{
    public static async Task<long> WriteAsync(Stream output, ClipShardMetadata metadata, IReadOnlyList<Clip> clips, int rowsPerBatch, CancellationToken cancellationToken)
    {
        using var writer = new ClipShardWriter(output, metadata);
        var columns = new ClipColumns(metadata, rowsPerBatch);
        foreach (var clip in clips)
        {
            columns.Add(clip);
            if (columns.Count == rowsPerBatch)
            {
                cancellationToken.ThrowIfCancellationRequested();
                writer.Write(columns);
                columns.Clear();
            }
        }

        if (columns.Count > 0 || writer.Batches == 0)
        {
            writer.Write(columns);
        }

        writer.Finish();
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return writer.Length;
    }
}
