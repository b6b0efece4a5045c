namespace PoseCluster.Runtime.Actors;

/// <summary>
/// How a parent treats its failing children. An actor chooses its strategy by overriding
/// <see cref="ReceiveActor.SupervisorStrategy"/>; top-level actors are supervised with the system's
/// default (<see cref="ActorSystemSettings.DefaultSupervisorStrategy"/>).
/// </summary>
public abstract class SupervisorStrategy
{
    private protected SupervisorStrategy()
    {
    }

    /// <summary>
    /// The decision for an exception when no other is configured: stop on
    /// <see cref="ActorInitializationException"/>, <see cref="ActorKilledException"/> and
    /// <see cref="DeathPactException"/>; restart on anything else.
    /// </summary>
    public static Directive DefaultDecider(Exception exception) => exception switch
    {
        ActorInitializationException or ActorKilledException or DeathPactException => Directive.Stop,
        _ => Directive.Restart,
    };

    /// <summary>The decision for a child's exception.</summary>
    public abstract Directive Decide(Exception exception);
}
