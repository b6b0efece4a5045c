namespace PoseCluster.Host.Node;

/// <summary>Registry key of the ShardWriter entities' shard region (<c>IRequiredActor&lt;ShardWriterRegion&gt;</c>).</summary>
internal sealed class ShardWriterRegion;
