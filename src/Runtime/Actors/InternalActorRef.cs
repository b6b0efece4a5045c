namespace PoseCluster.Runtime.Actors;

/// <summary>What the runtime needs of every ref it made: system messages and whether the actor has stopped.</summary>
internal abstract class InternalActorRef : IActorRef
{
    public abstract ActorPath Path { get; }

    /// <summary>The system the ref belongs to.</summary>
    public abstract ActorSystem System { get; }

    /// <summary>True once the actor has stopped for good; its mailbox rejects messages from then on.</summary>
    public abstract bool IsTerminated { get; }

    public abstract void Tell(object message, IActorRef? sender = null);

    /// <summary>Delivers a lifecycle, watch or supervision message ahead of user messages.</summary>
    public abstract void SendSystem(SystemMessage message);

    public override string ToString() => Path.ToString();
}
