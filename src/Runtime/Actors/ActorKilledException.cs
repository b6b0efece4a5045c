namespace PoseCluster.Runtime.Actors;

/// <summary>Thrown inside an actor that received <see cref="Kill"/>; the default supervisor decision is to stop it.</summary>
public sealed class ActorKilledException : ActorException
{
    /// <summary>Creates the exception for the actor at <paramref name="actor"/>.</summary>
    public ActorKilledException(ActorPath actor)
        : base($"Actor {actor} received Kill")
    {
        Actor = actor;
    }

    /// <summary>The killed actor.</summary>
    public ActorPath Actor { get; }
}
