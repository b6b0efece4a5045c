namespace PoseCluster.Runtime.Actors;

/// <summary>The temporary sender of an <c>Ask</c>: its first message completes <see cref="Reply"/>; later ones are dead letters.</summary>
internal sealed class PromiseActorRef(ActorSystem system, ActorPath path) : InternalActorRef
{
    // Completed by the first reply (any thread) or abandoned at the timeout.
    private readonly TaskCompletionSource<object> _reply = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override ActorPath Path => path;

    public override ActorSystem System => system;

    public override bool IsTerminated => _reply.Task.IsCompleted;

    /// <summary>The first message told to this ref.</summary>
    public Task<object> Reply => _reply.Task;

    public override void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!_reply.TrySetResult(message))
        {
            system.PublishDeadLetter(new DeadLetter(message, sender, this));
        }
    }

    /// <summary>After a timeout: later replies become dead letters.</summary>
    public void Expire() => _reply.TrySetCanceled();

    public override void SendSystem(SystemMessage message)
    {
        if (message is Watch watch && IsTerminated)
        {
            watch.Watcher.SendSystem(new DeathWatchNotification(this));
        }
    }
}
