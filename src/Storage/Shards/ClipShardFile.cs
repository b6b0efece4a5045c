using PoseCluster.Datasets;
using PoseCluster.Storage.Shards.Arrow;

namespace PoseCluster.Storage.Shards;

/// <summary>Writes one clip shard to a stream (tests, benchmarks and tools; corpora go through <see cref="CorpusWriter"/>).</summary>
internal static class ClipShardFile
{
    public static async Task<long> WriteAsync(Stream output, ClipShardMetadata metadata, IReadOnlyList<Clip> clips, int rowsPerBatch, CancellationToken cancellationToken)
    {
        var writer = new ArrowFileWriter(output, ClipSchema.For(metadata));
        await writer.StartAsync(cancellationToken).ConfigureAwait(false);
        for (var start = 0; start < clips.Count; start += rowsPerBatch)
        {
            var rows = clips.Skip(start).Take(rowsPerBatch).ToList();
            await writer.WriteBatchAsync(ArrowFileWriter.Prepare(rows.Count, ClipSchema.Columns(rows, metadata)), cancellationToken).ConfigureAwait(false);
        }

        await writer.FinishAsync(cancellationToken).ConfigureAwait(false);
        return writer.Position;
    }
}
