namespace PoseCluster.Runtime.Actors;

/// <summary>
/// An actor watched another and did not handle its <see cref="Terminated"/> message: by default a watcher
/// does not outlive what it depends on (the default supervisor decision is to stop it).
/// </summary>
public sealed class DeathPactException : ActorException
{
    /// <summary>Creates the exception for the watcher whose watchee <paramref name="deadActor"/> stopped.</summary>
    public DeathPactException(ActorPath deadActor)
        : base($"Watched actor {deadActor} stopped and the watcher does not handle Terminated")
    {
        DeadActor = deadActor;
    }

    /// <summary>The watched actor that stopped.</summary>
    public ActorPath DeadActor { get; }
}
