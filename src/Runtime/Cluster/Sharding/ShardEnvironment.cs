using PoseCluster.Runtime.Actors;

namespace PoseCluster.Runtime.Cluster.Sharding;

/// <summary>What a region and its shards share: the store, the entity type, how to make entities, the settings and this node's address.</summary>
internal sealed record ShardEnvironment(
    IClusterStore Store,
    ShardedEntityType Type,
    Func<string, Props> EntityProps,
    ShardingSettings Settings,
    string Address);
