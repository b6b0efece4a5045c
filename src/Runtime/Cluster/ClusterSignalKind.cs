namespace PoseCluster.Runtime.Cluster;

/// <summary>Kinds of <see cref="ClusterSignal"/>.</summary>
public enum ClusterSignalKind
{
    /// <summary>Messages were written into a shard's inbox.</summary>
    ShardMessage,

    /// <summary>Messages were written into a node's inbox.</summary>
    NodeMessage,

    /// <summary>Shard ownership or membership changed.</summary>
    Topology,
}
