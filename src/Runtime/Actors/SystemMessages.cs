namespace PoseCluster.Runtime.Actors;

/// <summary>Lifecycle, watch and supervision messages: handled before user messages, even by a suspended actor.</summary>
internal abstract record SystemMessage;

/// <summary>Stop: children first (newest first), then PostStop, then tell watchers and the parent.</summary>
internal sealed record Terminate : SystemMessage
{
    public static Terminate Instance { get; } = new();
}

/// <summary>At the watchee: <paramref name="Watcher"/> wants a notification when it stops.</summary>
internal sealed record Watch(InternalActorRef Watchee, InternalActorRef Watcher) : SystemMessage;

/// <summary>At the watchee: <paramref name="Watcher"/> no longer wants a notification.</summary>
internal sealed record Unwatch(InternalActorRef Watchee, InternalActorRef Watcher) : SystemMessage;

/// <summary>At a watcher or the parent: <paramref name="Actor"/> has stopped.</summary>
internal sealed record DeathWatchNotification(InternalActorRef Actor) : SystemMessage;

/// <summary>At the parent: <paramref name="Child"/> threw <paramref name="Cause"/> and waits, suspended, for a decision.</summary>
internal sealed record Failed(ActorCell Child, Exception Cause) : SystemMessage;

/// <summary>At a suspended child: continue with the same instance.</summary>
internal sealed record Resume : SystemMessage
{
    public static Resume Instance { get; } = new();
}

/// <summary>At a suspended child: restart after <paramref name="Delay"/> (the back-off).</summary>
internal sealed record Recreate(Exception Cause, TimeSpan Delay) : SystemMessage;

/// <summary>At a suspended child: the back-off numbered <paramref name="Generation"/> has elapsed.</summary>
internal sealed record BackoffElapsed(Exception Cause, long Generation) : SystemMessage;
