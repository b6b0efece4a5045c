namespace PoseCluster.Host.Node;

/// <summary>Registry key of the Sequence entities' shard region (<c>IRequiredActor&lt;SequenceRegion&gt;</c>).</summary>
internal sealed class SequenceRegion;
