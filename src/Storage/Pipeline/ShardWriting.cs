using System.IO.Pipelines;
using PoseCluster.Datasets.Pipeline;
using PoseCluster.Storage.Objects;
using PoseCluster.Storage.Shards;

namespace PoseCluster.Storage.Pipeline;

/// <summary>
/// The shard writer step (docs/AUGMOTION.md, "Shard writers"): one planned shard, keyed by (version,
/// split, number), from the stage-1 frames through the clip shard encoder (<c>ClipShardFile</c>) into
/// the object store, SHA-256 computed while the bytes stream. The store's put stores the whole object or
/// nothing, so a shard key never holds half a shard; writing the same assignment again (at-least-once)
/// stores the same bytes.
/// </summary>
public static class ShardWriting
{
    /// <summary>The schema metadata of a version's shards (corpus version, skeleton, T, S, units, Ms, Msp).</summary>
    public static ClipShardMetadata Metadata(string version, Stage2Options options, double ms, double msp)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ClipShardMetadata(version, CorpusConfig.Skeleton, options.WindowLength, options.WindowStride, CorpusConfig.Units, ms, msp);
    }

    /// <summary>Writes <paramref name="shard"/> and returns what was stored.</summary>
    public static async Task<VersionShard> WriteAsync(
        IObjectStore store, ShardAssignment shard, ClipShardMetadata metadata, Stage2Options options, IStage1Frames frames, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(shard);
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(frames);
        ObjectKeys.Validate(shard.Key);
        var payloads = new Dictionary<(Stage1Location, int), Stage1Payload>();
        foreach (var unit in shard.Items.Select(i => i.Sequence).GroupBy(s => s.Location))
        {
            var read = await frames.ReadAsync(unit.Key, unit.Select(s => s.Stage1).DistinctBy(s => s.Index), cancellationToken).ConfigureAwait(false);
            foreach (var (index, payload) in read)
            {
                payloads[(unit.Key, index)] = payload;
            }
        }

        var clips = new ShardClips(shard, payloads, options.WindowLength, options.WindowStride);
        if (clips.Count != shard.Clips)
        {
            throw new InvalidOperationException($"shard {shard.Key} was planned with {shard.Clips} clips but its items hold {clips.Count}");
        }

        // The pipe hands the bytes to the store's upload as they are produced: no staging copy. The
        // SHA-256 is computed on the upload's side, so encoding and hashing run on two cores.
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 16 << 20, resumeWriterThreshold: 8 << 20, minimumSegmentSize: 1 << 16, useSynchronizationContext: false));
        using var hashing = new HashingReadStream(pipe.Reader.AsStream());
        var upload = Task.Run(async () =>
        {
            await using (hashing.ConfigureAwait(false))
            {
                await store.PutAsync(shard.Key, hashing, cancellationToken).ConfigureAwait(false);
            }
        }, CancellationToken.None);
        var output = pipe.Writer.AsStream();
        try
        {
            await ClipShardFile.WriteAsync(output, metadata, clips, options.RowsPerBatch, cancellationToken).ConfigureAwait(false);
            await pipe.Writer.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Failing the pipe fails the upload, so nothing is stored under the shard's key.
            await pipe.Writer.CompleteAsync(e).ConfigureAwait(false);
            try
            {
                await upload.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The writer's own failure is the one to report.
            }

            throw;
        }

        await upload.ConfigureAwait(false);
        return new VersionShard(shard.Key, shard.Split, shard.Dataset, shard.Version, clips.Count, hashing.BytesRead, hashing.HashHex());
    }
}
