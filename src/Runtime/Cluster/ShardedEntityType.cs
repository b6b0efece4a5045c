namespace PoseCluster.Runtime.Cluster;

/// <summary>
/// What every node and client must agree on about an entity type: its name, fixed shard count, the
/// role of the nodes that host it, and the message types that may be sent to it.
/// </summary>
/// <param name="Name">Unique type name (e.g. "counter").</param>
/// <param name="ShardCount">Fixed number of shards.</param>
/// <param name="Role">Role a node needs to host the type; empty means every node.</param>
/// <param name="Codec">Serializer of the type's messages.</param>
public sealed record ShardedEntityType(string Name, int ShardCount, string Role, MessageCodec Codec)
{
    /// <summary>Defines an entity type accepting <paramref name="messageTypes"/>.</summary>
    public ShardedEntityType(string name, int shardCount, string role, IReadOnlyList<Type> messageTypes)
        : this(name, shardCount, role, new MessageCodec(messageTypes))
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
    }

    /// <summary>The shard of an entity.</summary>
    public int ShardOf(string entityId) => ShardHash.ShardOf(entityId, ShardCount);

    /// <summary>Serializes a message for this type's inbox.</summary>
    public OutgoingMessage Serialize(object message, string messageId) => Codec.Serialize(message, messageId);

    /// <summary>Deserializes an inbox row of this type.</summary>
    public object Deserialize(StoredMessage message) => Codec.Deserialize(message);
}
