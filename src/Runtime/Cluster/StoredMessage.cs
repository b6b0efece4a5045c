namespace PoseCluster.Runtime.Cluster;

/// <summary>A message read from a durable inbox, in inbox order.</summary>
/// <param name="Sequence">Position in the inbox; acknowledge with it.</param>
/// <param name="EntityId">Entity the message is for (empty for node-addressed messages).</param>
/// <param name="MessageId">The sender's unique id, for deduplication.</param>
/// <param name="Manifest">Name of the payload's type.</param>
/// <param name="Payload">Serialized message.</param>
/// <param name="EnqueuedAt">When it was written.</param>
public sealed record StoredMessage(long Sequence, string EntityId, string MessageId, string Manifest, string Payload, DateTimeOffset EnqueuedAt);
