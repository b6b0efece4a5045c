namespace PoseCluster.Host.Node;

/// <summary>Registry key of the demo counter's shard region (<c>IRequiredActor&lt;CounterRegion&gt;</c>).</summary>
internal sealed class CounterRegion;
