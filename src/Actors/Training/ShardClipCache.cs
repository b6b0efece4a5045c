using PoseCluster.Datasets;
using PoseCluster.Storage.Objects;
using PoseCluster.Storage.Shards;

namespace PoseCluster.Actors.Training;

/// <summary>
/// The clips of the shard a rank is reading, by row. An epoch plan keeps a rank on a contiguous run of
/// shards, so holding the current one (and the one before, for a batch that straddles two) reads each
/// shard once per epoch.
/// </summary>
internal sealed class ShardClipCache(IObjectStore store, IReadOnlyList<ShardEntry> shards)
{
    private readonly Dictionary<int, List<Clip>> loaded = [];
    private readonly Queue<int> order = new();

    /// <summary>Row <paramref name="row"/> of shard <paramref name="shard"/> (an index into the shards).</summary>
    public async ValueTask<Clip> GetAsync(int shard, int row, CancellationToken cancellationToken)
    {
        if (!loaded.TryGetValue(shard, out var clips))
        {
            clips = [];
            var reader = await ClipShardReader.OpenAsync(store, shards[shard], cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await foreach (var clip in reader.ReadClipsAsync(cancellationToken).ConfigureAwait(false))
                {
                    clips.Add(clip);
                }
            }

            if (order.Count == 2)
            {
                loaded.Remove(order.Dequeue());
            }

            loaded[shard] = clips;
            order.Enqueue(shard);
        }

        return row < clips.Count
            ? clips[row]
            : throw new CorpusIncompleteException(shards[shard].Key, $"the manifest promises row {row}, the shard holds {clips.Count} clips");
    }
}
