namespace PoseCluster.Host.Node;

/// <summary>Registry key of the Dataset entities' shard region (<c>IRequiredActor&lt;DatasetRegion&gt;</c>).</summary>
internal sealed class DatasetRegion;
