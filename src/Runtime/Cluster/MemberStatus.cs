namespace PoseCluster.Runtime.Cluster;

/// <summary>Where a member is in its life: joined and serving, handing its shards over, or gone.</summary>
public enum MemberStatus
{
    /// <summary>Joined, heartbeating, eligible to own shards and singletons.</summary>
    Up,

    /// <summary>Leaving gracefully: hands its shards over and owns nothing new.</summary>
    Leaving,

    /// <summary>Its heartbeat was older than the failure timeout; survivors take its shards.</summary>
    Down,

    /// <summary>Left gracefully after handing every shard over.</summary>
    Left,
}
