namespace PoseCluster.Runtime.Actors;

/// <summary>Written to a mailbox after a system message so that a run loop waiting on the channel wakes up.</summary>
internal sealed class WakeUp
{
    private WakeUp()
    {
    }

    public static WakeUp Instance { get; } = new();
}

/// <summary>A timer's message; delivered only if timer <paramref name="Key"/> is still at <paramref name="Generation"/>.</summary>
internal sealed record TimerMessage(object Key, long Generation, object Message);

/// <summary>Becomes <see cref="Terminated"/> for the user, unless the actor unwatched <paramref name="Actor"/> meanwhile.</summary>
internal sealed record DeliverTerminated(InternalActorRef Actor);

/// <summary>The receive-timeout timer fired; becomes <see cref="ReceiveTimeout"/> if the actor stayed idle.</summary>
internal sealed class ReceiveTimeoutTick
{
    private ReceiveTimeoutTick()
    {
    }

    public static ReceiveTimeoutTick Instance { get; } = new();
}
