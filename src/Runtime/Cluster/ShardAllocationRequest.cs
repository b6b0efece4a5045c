namespace PoseCluster.Runtime.Cluster;

/// <summary>What one allocation round of an entity type needs to know.</summary>
/// <param name="EntityType">Entity type name.</param>
/// <param name="ShardCount">Fixed number of shards of the type.</param>
/// <param name="Role">Role a member needs to own shards of the type; empty means every member.</param>
/// <param name="MaxSimultaneousRebalance">At most this many shards are moved between live members at a time.</param>
/// <param name="MinMembers">No shard is allocated for the first time (and nothing is rebalanced) until this many eligible members are up.</param>
public sealed record ShardAllocationRequest(
    string EntityType,
    int ShardCount,
    string Role,
    int MaxSimultaneousRebalance,
    int MinMembers = 1);
