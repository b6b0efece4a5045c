namespace PoseCluster.Runtime.Cluster;

/// <summary>A message to be written into a durable inbox.</summary>
/// <param name="MessageId">Unique id; a second enqueue with the same id (per entity type or node) is ignored, and entities use it to deduplicate.</param>
/// <param name="Manifest">Name of the payload's type, so the receiver can deserialize it.</param>
/// <param name="Payload">Serialized message (JSON).</param>
public sealed record OutgoingMessage(string MessageId, string Manifest, string Payload);
