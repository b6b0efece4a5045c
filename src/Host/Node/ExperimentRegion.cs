namespace PoseCluster.Host.Node;

/// <summary>Registry key of the experiments' shard region (<c>IRequiredActor&lt;ExperimentRegion&gt;</c>).</summary>
internal sealed class ExperimentRegion;
