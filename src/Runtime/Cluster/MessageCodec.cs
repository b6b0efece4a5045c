using System.Text.Json;

namespace PoseCluster.Runtime.Cluster;

/// <summary>
/// Turns messages into inbox rows and back: JSON (System.Text.Json) named by the type's full name.
/// Only the registered types are accepted, so a row can never make a receiver create an arbitrary type.
/// </summary>
public sealed class MessageCodec
{
    private readonly Dictionary<string, Type> _byManifest;

    /// <summary>A codec for exactly <paramref name="messageTypes"/>.</summary>
    public MessageCodec(IReadOnlyList<Type> messageTypes)
    {
        MessageTypes = messageTypes;
        _byManifest = messageTypes.ToDictionary(t => t.FullName!, StringComparer.Ordinal);
    }

    /// <summary>The registered message types.</summary>
    public IReadOnlyList<Type> MessageTypes { get; }

    /// <summary>Serializes a message of a registered type.</summary>
    /// <exception cref="ArgumentException">The message's type is not registered.</exception>
    public OutgoingMessage Serialize(object message, string messageId)
    {
        ArgumentNullException.ThrowIfNull(message);
        var type = message.GetType();
        if (!_byManifest.ContainsKey(type.FullName!))
        {
            throw new ArgumentException($"{type.FullName} is not a registered message type ({string.Join(", ", _byManifest.Keys)})", nameof(message));
        }

        return new OutgoingMessage(messageId, type.FullName!, JsonSerializer.Serialize(message, type));
    }

    /// <summary>Deserializes an inbox row.</summary>
    /// <exception cref="ClusterStoreException">The manifest names no registered type or the payload is null.</exception>
    /// <exception cref="JsonException">The payload is not valid JSON for the type.</exception>
    public object Deserialize(StoredMessage message)
    {
        if (!_byManifest.TryGetValue(message.Manifest, out var type))
        {
            throw new ClusterStoreException($"inbox message {message.MessageId} has the unregistered manifest '{message.Manifest}'");
        }

        return JsonSerializer.Deserialize(message.Payload, type)
            ?? throw new ClusterStoreException($"inbox message {message.MessageId} has a null payload");
    }
}
