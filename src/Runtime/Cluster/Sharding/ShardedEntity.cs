using PoseCluster.Runtime.Actors;

namespace PoseCluster.Runtime.Cluster.Sharding;

/// <summary>
/// Base class of sharded entities. Register a handler per message type with
/// <see cref="HandleMessage{T}"/> in the constructor; the shard delivers inbox messages one at a
/// time, in order, and deletes each from the inbox only after its handler has finished. Delivery is
/// at-least-once: after a crash or a move the same message (same <see cref="EntityMessageContext.MessageId"/>)
/// can arrive again, so handlers must be idempotent. A handler that throws restarts the entity
/// (supervision) and the message is delivered again after <see cref="ShardingSettings.RetryDelay"/>.
/// </summary>
public abstract class ShardedEntity : ReceiveActor
{
    // Handlers by exact message type; filled by the derived constructor.
    private readonly Dictionary<Type, Func<object, EntityMessageContext, Task>> _handlers = [];

    /// <summary>Registers the durable message handling.</summary>
    protected ShardedEntity(string entityId)
    {
        EntityId = entityId;
        ReceiveAsync<EntityDelivery>(HandleDeliveryAsync);
    }

    /// <summary>This entity's key.</summary>
    protected string EntityId { get; }

    /// <summary>Handles durable messages of type <typeparamref name="T"/>.</summary>
    protected void HandleMessage<T>(Func<T, EntityMessageContext, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _handlers[typeof(T)] = (message, context) => handler((T)message, context);
    }

    private async Task HandleDeliveryAsync(EntityDelivery delivery)
    {
        if (!_handlers.TryGetValue(delivery.Message.GetType(), out var handler))
        {
            // Nobody will ever handle it: acknowledge so it does not block the entity's later messages.
            Unhandled(delivery.Message);
            Context.Parent.Tell(new EntityDeliveryCompleted(EntityId, delivery.Context.Sequence), Self);
            return;
        }

        try
        {
            await handler(delivery.Message, delivery.Context).ConfigureAwait(true);
        }
        catch (Exception e)
        {
            Context.Parent.Tell(new EntityDeliveryFailed(EntityId, delivery.Context.Sequence, e), Self);
            throw;
        }

        Context.Parent.Tell(new EntityDeliveryCompleted(EntityId, delivery.Context.Sequence), Self);
    }
}
