namespace PoseCluster.Runtime.Actors;

/// <summary>The system's dead letters: everything told to it is published as a <see cref="DeadLetter"/>.</summary>
internal sealed class DeadLetterActorRef(ActorSystem system) : InternalActorRef
{
    private readonly ActorPath _path = ActorPath.Root(system.Name, "deadLetters");

    public override ActorPath Path => _path;

    public override ActorSystem System => system;

    public override bool IsTerminated => false;

    public override void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        system.PublishDeadLetter(message as DeadLetter ?? new DeadLetter(message, sender, this));
    }

    public override void SendSystem(SystemMessage message)
    {
        // Dead letters never stop, so watching it never yields Terminated; nothing else applies.
    }
}
