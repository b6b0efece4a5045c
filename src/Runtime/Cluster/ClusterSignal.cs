namespace PoseCluster.Runtime.Cluster;

/// <summary>A wake-up from the cluster store: something arrived that a local reader may want to fetch.</summary>
/// <param name="Kind">What changed.</param>
/// <param name="EntityType">For <see cref="ClusterSignalKind.ShardMessage"/>: the entity type.</param>
/// <param name="Shard">For <see cref="ClusterSignalKind.ShardMessage"/>: the shard.</param>
/// <param name="Address">For <see cref="ClusterSignalKind.NodeMessage"/>: the node.</param>
public sealed record ClusterSignal(ClusterSignalKind Kind, string EntityType, int Shard, string Address);
