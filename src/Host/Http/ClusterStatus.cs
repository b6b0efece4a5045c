namespace PoseCluster.Host.Http;

/// <summary>
/// <c>GET /api/cluster</c> and <c>posecluster cluster status --json</c>: this node's view of the cluster.
/// Addresses are Akka addresses (<c>akka.tcp://posecluster@host:port</c>); statuses Akka's member
/// status names (Joining, Up, Leaving, Exiting, Down, Removed, WeaklyUp, …).
/// </summary>
/// <param name="Self">The answering node.</param>
/// <param name="Leader">The cluster leader, or null while there is none.</param>
/// <param name="Members">Every member this node knows of, ordered by address.</param>
/// <param name="Unreachable">Members the failure detector marks unreachable from this node.</param>
/// <param name="Regions">Per entity type: the shards hosted by the regions that answered, and their entities.</param>
internal sealed record ClusterStatus(
    string Self,
    string? Leader,
    IReadOnlyList<ClusterMemberStatus> Members,
    IReadOnlyList<string> Unreachable,
    IReadOnlyList<ShardRegionStatus> Regions);

/// <summary>One member of <see cref="ClusterStatus"/>.</summary>
/// <param name="Address">Its Akka address.</param>
/// <param name="Status">Akka's member status name.</param>
/// <param name="Roles">Its roles, sorted.</param>
internal sealed record ClusterMemberStatus(string Address, string Status, IReadOnlyList<string> Roles);

/// <summary>One entity type of <see cref="ClusterStatus"/>.</summary>
/// <param name="Type">Entity type name.</param>
/// <param name="Shards">Shards allocated to regions that answered the statistics request.</param>
/// <param name="Entities">Entities running in those shards.</param>
internal sealed record ShardRegionStatus(string Type, int Shards, int Entities);
