using PoseCluster.Runtime.Cluster;

namespace PoseCluster.Runtime.Tests.Cluster;

public sealed class ShardHashTests
{
    [Theory]
    [InlineData("", 0x811c9dc5u)]
    [InlineData("a", 0xe40c292cu)]
    [InlineData("foobar", 0xbf9cf968u)]
    public void Fnv1a_matches_the_published_test_vectors(string key, uint expected) =>
        Assert.Equal(expected, ShardHash.Fnv1a(key));

    [Fact]
    public void Keys_longer_than_the_stack_buffer_hash_like_short_ones_would()
    {
        var key = new string('x', 1000);
        var hash = 2166136261u;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(key))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        Assert.Equal(hash, ShardHash.Fnv1a(key));
    }

    [Fact]
    public void Shards_are_spread_over_every_shard_and_stay_in_range()
    {
        var shards = Enumerable.Range(0, 10_000).Select(i => ShardHash.ShardOf($"entity-{i}", 100)).ToList();

        Assert.All(shards, s => Assert.InRange(s, 0, 99));
        var perShard = shards.GroupBy(s => s).Select(g => g.Count()).ToList();
        Assert.Equal(100, perShard.Count);
        Assert.InRange(perShard.Min(), 50, 100);
        Assert.InRange(perShard.Max(), 100, 150);
    }
}
