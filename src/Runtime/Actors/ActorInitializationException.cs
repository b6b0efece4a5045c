namespace PoseCluster.Runtime.Actors;

/// <summary>An actor's constructor, <c>PreStart</c> or <c>PostRestart</c> threw; the default supervisor decision is to stop it.</summary>
public sealed class ActorInitializationException : ActorException
{
    /// <summary>Creates the exception for the actor at <paramref name="actor"/>.</summary>
    public ActorInitializationException(ActorPath actor, Exception inner)
        : base($"Actor {actor} failed to start: {inner.Message}", inner)
    {
        Actor = actor;
    }

    /// <summary>The actor that failed to start.</summary>
    public ActorPath Actor { get; }
}
