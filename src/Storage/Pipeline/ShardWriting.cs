using PoseCluster.Datasets.Pipeline;
using PoseCluster.Storage.Objects;
using PoseCluster.Storage.Shards;

namespace PoseCluster.Storage.Pipeline;

/// <summary>
/// The shard writer step (docs/AUGMOTION.md, "Shard writers"): one planned shard, keyed by (version,
/// split, number), from the stage-1 frames through the clip shard encoder (<c>ClipShardFile</c>) into
/// the object store (staged in a file, as Apache.Arrow's writer needs a seekable stream, and hashed
/// while it is written). A staged object is stored whole or not at all, so a shard key never holds half
/// a shard; writing the same assignment again (at-least-once)
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

        var stored = await ClipShardFile.StoreAsync(store, shard.Key, metadata, clips, options.RowsPerBatch, cancellationToken).ConfigureAwait(false);
        return new VersionShard(shard.Key, shard.Split, shard.Dataset, shard.Version, clips.Count, stored.Bytes, stored.Sha256);
    }
}
