namespace PoseCluster.Runtime.Actors;

/// <summary>
/// Delivered to an actor that watches <paramref name="ActorRef"/> (<see cref="IActorContext.Watch"/>)
/// once that actor has stopped. An actor that watches another and does not handle this message fails
/// with a <see cref="DeathPactException"/>.
/// </summary>
/// <param name="ActorRef">The actor that stopped.</param>
public sealed record Terminated(IActorRef ActorRef);
