using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;

namespace PoseCluster.Host.Http;

/// <summary>Builds <see cref="ClusterStatus"/> from Akka.Cluster's state and Akka.Cluster.Sharding's statistics.</summary>
internal static class ClusterStatusReader
{
    /// <summary>Reads the cluster state now; every region's statistics within <paramref name="timeout"/>.</summary>
    public static async Task<ClusterStatus> ReadAsync(ActorSystem system, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var cluster = Cluster.Get(system);
        var state = cluster.State;
        var members = state.Members
            .OrderBy(m => m.Address.ToString(), StringComparer.Ordinal)
            .Select(m => new ClusterMemberStatus(m.Address.ToString(), m.Status.ToString(), [.. m.Roles.Order(StringComparer.Ordinal)]))
            .ToList();
        var unreachable = state.Unreachable.Select(m => m.Address.ToString()).Order(StringComparer.Ordinal).ToList();

        var sharding = ClusterSharding.Get(system);
        var regions = new List<ShardRegionStatus>();
        foreach (var type in sharding.ShardTypeNames.Order(StringComparer.Ordinal))
        {
            regions.Add(await ReadRegionAsync(sharding.ShardRegion(type), type, timeout, cancellationToken).ConfigureAwait(false));
        }

        return new ClusterStatus(cluster.SelfAddress.ToString(), state.Leader?.ToString(), members, unreachable, regions);
    }

    private static async Task<ShardRegionStatus> ReadRegionAsync(IActorRef region, string type, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            // The coordinator asks every region; regions that do not answer in time are left out.
            var stats = await region.Ask<ClusterShardingStats>(new GetClusterShardingStats(timeout), timeout + timeout, cancellationToken).ConfigureAwait(false);
            var shards = stats.Regions.Values.SelectMany(r => r.Stats).ToList();
            return new ShardRegionStatus(type, shards.Count, shards.Sum(s => s.Value));
        }
        catch (AskTimeoutException)
        {
            // No coordinator yet (the cluster is still forming): nothing is allocated that we could count.
            return new ShardRegionStatus(type, 0, 0);
        }
    }
}
