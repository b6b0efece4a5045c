namespace PoseCluster.Storage.Shards;

/// <summary>An Arrow IPC shard that is truncated, corrupted or not a clip shard; names the source and byte offset.</summary>
public sealed class ShardFormatException : StorageException
{
    /// <summary>Creates the error for <paramref name="source"/> at byte <paramref name="offset"/>.</summary>
    public ShardFormatException(string source, long offset, string problem)
        : base($"{source}: {problem} (at byte {offset})")
    {
        SourceName = source;
        Offset = offset;
        Problem = problem;
    }

    /// <summary>The file path or object key that was being read.</summary>
    public string SourceName { get; }

    /// <summary>Byte offset in the file where the problem was found.</summary>
    public long Offset { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; }
}
