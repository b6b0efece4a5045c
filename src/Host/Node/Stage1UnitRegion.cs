namespace PoseCluster.Host.Node;

/// <summary>Registry key of the stage-1 unit workers' shard region (<c>IRequiredActor&lt;Stage1UnitRegion&gt;</c>).</summary>
internal sealed class Stage1UnitRegion;
