namespace PoseCluster.Runtime.Cluster.Sharding;

/// <summary>Tell this to a shard region to send <paramref name="Message"/> durably to entity <paramref name="EntityId"/>.</summary>
/// <param name="EntityId">Key of the entity.</param>
/// <param name="Message">A message of one of the entity type's message types.</param>
/// <param name="MessageId">Unique id for deduplication; null gets a new GUID.</param>
public sealed record ShardingEnvelope(string EntityId, object Message, string? MessageId = null);
