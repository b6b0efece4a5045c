using System.Text.Json;

namespace PoseCluster.Runtime.Cluster;

/// <summary>
/// What every node and client must agree on about an entity type: its name, fixed shard count, the
/// role of the nodes that host it, and the message types that may be sent to it (serialized as JSON,
/// named by their full type name).
/// </summary>
public sealed record ShardedEntityType
{
    private readonly Dictionary<string, Type> _byManifest;

    /// <summary>Defines an entity type.</summary>
    /// <param name="name">Unique type name (e.g. "counter").</param>
    /// <param name="shardCount">Fixed number of shards.</param>
    /// <param name="role">Role a node needs to host the type; empty means every node.</param>
    /// <param name="messageTypes">Types of the messages entities of this type accept.</param>
    public ShardedEntityType(string name, int shardCount, string role, IReadOnlyList<Type> messageTypes)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        Name = name;
        ShardCount = shardCount;
        Role = role;
        MessageTypes = messageTypes;
        _byManifest = messageTypes.ToDictionary(t => t.FullName!, StringComparer.Ordinal);
    }

    /// <summary>Unique type name.</summary>
    public string Name { get; }

    /// <summary>Fixed number of shards.</summary>
    public int ShardCount { get; }

    /// <summary>Role a node needs to host the type; empty means every node.</summary>
    public string Role { get; }

    /// <summary>Types of the messages entities of this type accept.</summary>
    public IReadOnlyList<Type> MessageTypes { get; }

    /// <summary>The shard of an entity.</summary>
    public int ShardOf(string entityId) => ShardHash.ShardOf(entityId, ShardCount);

    /// <summary>Serializes a message of one of <see cref="MessageTypes"/> into an inbox row.</summary>
    public OutgoingMessage Serialize(object message, string messageId)
    {
        var type = message.GetType();
        if (!_byManifest.ContainsKey(type.FullName!))
        {
            throw new ArgumentException($"{type.FullName} is not a message type of the sharded entity type '{Name}'", nameof(message));
        }

        return new OutgoingMessage(messageId, type.FullName!, JsonSerializer.Serialize(message, type));
    }

    /// <summary>Deserializes an inbox row.</summary>
    /// <exception cref="ClusterStoreException">The manifest names no message type of this entity type.</exception>
    public object Deserialize(StoredMessage message)
    {
        if (!_byManifest.TryGetValue(message.Manifest, out var type))
        {
            throw new ClusterStoreException($"inbox message {message.MessageId} of '{Name}' has the unknown manifest '{message.Manifest}'");
        }

        return JsonSerializer.Deserialize(message.Payload, type)
            ?? throw new ClusterStoreException($"inbox message {message.MessageId} of '{Name}' has a null payload");
    }
}
