namespace PoseCluster.Runtime.Cluster.Sharding;

/// <summary>What an entity handler knows about the message it handles.</summary>
/// <param name="EntityId">The entity's key.</param>
/// <param name="MessageId">The sender's unique id: the same id may arrive again (at-least-once), so handlers deduplicate on it.</param>
/// <param name="Sequence">Position of the message in its shard's inbox.</param>
public sealed record EntityMessageContext(string EntityId, string MessageId, long Sequence);
