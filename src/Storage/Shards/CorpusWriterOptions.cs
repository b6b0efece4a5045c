namespace PoseCluster.Storage.Shards;

/// <summary>How a corpus is cut into shards.</summary>
/// <param name="TargetShardBytes">A shard is closed before a batch would take it past this size (posecluster.storage.shards.target-size).</param>
/// <param name="BatchBytes">Approximate size of one record batch inside a shard.</param>
public sealed record CorpusWriterOptions(long TargetShardBytes, long BatchBytes)
{
    /// <summary>128 MB shards of 8 MiB batches.</summary>
    public static CorpusWriterOptions Default { get; } = new(128_000_000, 8L << 20);
}
