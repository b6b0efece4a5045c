using PoseCluster.Datasets.Windows;

namespace PoseCluster.Datasets.Pipeline;

/// <summary>The settings of stage 2 and of the shard layout (posecluster.windows, .datasets splits, .storage.shards).</summary>
/// <param name="WindowLength">T, frames per clip.</param>
/// <param name="WindowStride">S, frames between clip starts.</param>
/// <param name="Splits">Subject splits.</param>
/// <param name="ShardTargetBytes">A shard holds at most ⌊this / (4·85·T + 128)⌋ clips (posecluster.storage.shards.target-size).</param>
/// <param name="BatchBytes">Approximate record batch size inside a shard (posecluster.storage.shards.batch-size).</param>
public sealed record Stage2Options(int WindowLength, int WindowStride, SubjectSplitter Splits, long ShardTargetBytes, long BatchBytes)
{
    /// <summary>The defaults of reference.conf.</summary>
    public static Stage2Options Default { get; } = new(16, 16, SubjectSplitter.Default, 128_000_000, 8L << 20);

    /// <summary>Estimated bytes of one clip row in a shard: pose3d and pose2d (a null pose2d keeps its slot) plus the small columns.</summary>
    public long ClipBytes => (4L * (PoseSequence.FloatsPerFrame + 34) * WindowLength) + 128;

    /// <summary>Clips per shard.</summary>
    public int ClipsPerShard => (int)Math.Clamp(ShardTargetBytes / ClipBytes, 1, int.MaxValue);

    /// <summary>Rows per record batch (as <c>CorpusWriter</c> sizes them: at most an eighth of a shard).</summary>
    public int RowsPerBatch => (int)Math.Clamp(Math.Min(BatchBytes, Math.Max(1, ShardTargetBytes / 8)) / ClipBytes, 1, 1 << 20);

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Splits);
        ArgumentOutOfRangeException.ThrowIfLessThan(WindowLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(WindowStride, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ShardTargetBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchBytes, 1);
    }
}
