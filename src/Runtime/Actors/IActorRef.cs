namespace PoseCluster.Runtime.Actors;

/// <summary>
/// A handle to an actor: the only way to talk to it. Refs are cheap to copy and safe to share between
/// threads; equality is identity, so a ref to an actor that stopped never equals a ref to a new actor
/// started under the same name.
/// </summary>
public interface IActorRef
{
    /// <summary>Where the actor lives in its system's hierarchy (for logs and lookups by name).</summary>
    ActorPath Path { get; }

    /// <summary>
    /// Enqueues <paramref name="message"/> for the actor without waiting (fire and forget). A message to
    /// an actor that has stopped goes to dead letters. <paramref name="sender"/> becomes the receiver's
    /// <c>Sender</c>; null means "no one to reply to" (replies then go to dead letters).
    /// </summary>
    void Tell(object message, IActorRef? sender = null);
}
