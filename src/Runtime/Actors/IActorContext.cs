namespace PoseCluster.Runtime.Actors;

/// <summary>
/// What an actor may do while it handles a message: spawn and stop children, watch other actors, and
/// see who sent the current message. Use it only from the actor's own handlers and hooks (never from
/// another thread or from a task the actor did not await).
/// </summary>
public interface IActorContext
{
    /// <summary>This actor.</summary>
    IActorRef Self { get; }

    /// <summary>The sender of the message being handled; the system's dead letters when there is none.</summary>
    IActorRef Sender { get; }

    /// <summary>The supervisor of this actor (the user guardian for top-level actors).</summary>
    IActorRef Parent { get; }

    /// <summary>The system this actor belongs to.</summary>
    ActorSystem System { get; }

    /// <summary>The living children, in the order they were started.</summary>
    IReadOnlyList<IActorRef> Children { get; }

    /// <summary>The child with this name, or null.</summary>
    IActorRef? Child(string name);

    /// <summary>
    /// Starts a child of this actor. Its name must be unique among the living children; null picks a
    /// unique one (starting with '$'). The child starts asynchronously; messages sent to it meanwhile queue.
    /// </summary>
    /// <exception cref="InvalidActorNameException">The name is invalid or already taken.</exception>
    IActorRef Spawn(Props props, string? name = null);

    /// <summary>
    /// Stops an actor (normally this actor or a child) after the message it is handling; its children stop
    /// first, its queued messages go to dead letters, and its watchers receive <see cref="Terminated"/>.
    /// </summary>
    void Stop(IActorRef actor);

    /// <summary>
    /// Asks to receive <see cref="Terminated"/> when <paramref name="actor"/> stops (at once if it has
    /// already stopped). Watching twice has no extra effect.
    /// </summary>
    IActorRef Watch(IActorRef actor);

    /// <summary>Stops watching <paramref name="actor"/>; a <see cref="Terminated"/> not yet handled is dropped.</summary>
    IActorRef Unwatch(IActorRef actor);

    /// <summary>
    /// Delivers <see cref="ReceiveTimeout"/> whenever this actor has handled no message for
    /// <paramref name="timeout"/>; null turns it off. The setting survives restarts and ends with the actor.
    /// </summary>
    void SetReceiveTimeout(TimeSpan? timeout);

    /// <summary>Sends <paramref name="message"/> to <paramref name="target"/> with the current message's sender as its sender.</summary>
    void Forward(IActorRef target, object message);
}
