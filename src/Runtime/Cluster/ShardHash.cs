using System.Text;

namespace PoseCluster.Runtime.Cluster;

/// <summary>Entity key → shard: FNV-1a (32 bit) over the key's UTF-8 bytes, modulo the shard count. Stable across processes and versions, unlike string.GetHashCode.</summary>
public static class ShardHash
{
    private const uint OffsetBasis = 2166136261;
    private const uint Prime = 16777619;

    /// <summary>FNV-1a of the UTF-8 bytes of <paramref name="key"/>.</summary>
    public static uint Fnv1a(string key)
    {
        var hash = OffsetBasis;
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetByteCount(key) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(key, buffer)] : Encoding.UTF8.GetBytes(key);
        foreach (var b in bytes)
        {
            hash = unchecked((hash ^ b) * Prime);
        }

        return hash;
    }

    /// <summary>The shard of <paramref name="entityId"/> among <paramref name="shardCount"/> shards.</summary>
    public static int ShardOf(string entityId, int shardCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        return (int)(Fnv1a(entityId) % (uint)shardCount);
    }
}
