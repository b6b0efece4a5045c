namespace PoseCluster.Runtime.Actors;

/// <summary>
/// A system-wide publish/subscribe channel for runtime events (<see cref="DeadLetter"/>,
/// <see cref="UnhandledMessage"/>) and any event an application publishes. A subscriber receives
/// every published event assignable to the type it subscribed to; subscribers that have stopped are
/// dropped automatically.
/// </summary>
public sealed class EventStream
{
    // Copy-on-write: Publish reads the array without locking; writers replace it under _lock.
    private volatile Subscription[] _subscriptions = [];

    // Serializes Subscribe/Unsubscribe (readers never take it).
    private readonly Lock _lock = new();

    internal EventStream()
    {
    }

    /// <summary>Sends <paramref name="subscriber"/> every event assignable to <typeparamref name="TEvent"/>.</summary>
    public void Subscribe<TEvent>(IActorRef subscriber) => Subscribe(subscriber, typeof(TEvent));

    /// <summary>Sends <paramref name="subscriber"/> every event assignable to <paramref name="eventType"/> (once per type, however often called).</summary>
    public void Subscribe(IActorRef subscriber, Type eventType)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(eventType);
        lock (_lock)
        {
            var subscription = new Subscription(subscriber, eventType);
            if (!_subscriptions.Contains(subscription))
            {
                _subscriptions = [.. _subscriptions, subscription];
            }
        }
    }

    /// <summary>Stops sending <paramref name="subscriber"/> events of <paramref name="eventType"/>.</summary>
    public void Unsubscribe(IActorRef subscriber, Type eventType)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        lock (_lock)
        {
            _subscriptions = [.. _subscriptions.Where(s => !(ReferenceEquals(s.Subscriber, subscriber) && s.EventType == eventType))];
        }
    }

    /// <summary>Stops sending <paramref name="subscriber"/> any event.</summary>
    public void Unsubscribe(IActorRef subscriber)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        lock (_lock)
        {
            _subscriptions = [.. _subscriptions.Where(s => !ReferenceEquals(s.Subscriber, subscriber))];
        }
    }

    /// <summary>Tells <paramref name="event"/> to every subscriber of a type it is assignable to.</summary>
    public void Publish(object @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        foreach (var subscription in _subscriptions)
        {
            if (!subscription.EventType.IsInstanceOfType(@event))
            {
                continue;
            }

            // A stopped subscriber would turn the event into a dead letter, published again: drop it instead.
            if (subscription.Subscriber is InternalActorRef { IsTerminated: true })
            {
                Unsubscribe(subscription.Subscriber);
                continue;
            }

            subscription.Subscriber.Tell(@event);
        }
    }

    private sealed record Subscription(IActorRef Subscriber, Type EventType);
}
