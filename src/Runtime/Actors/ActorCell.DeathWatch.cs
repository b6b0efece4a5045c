namespace PoseCluster.Runtime.Actors;

/// <summary>Death watch: who this actor watches, who watches it, and turning a death into <see cref="Terminated"/>.</summary>
internal sealed partial class ActorCell
{
    // Run loop only: actors this actor watches.
    private readonly HashSet<InternalActorRef> _watching = [];

    // Run loop only: watchers to notify when this actor stops.
    private readonly HashSet<InternalActorRef> _watchedBy = [];

    // Run loop only: watched actors that died and whose Terminated is queued but not yet handled
    // (Unwatch removes the entry, so that the queued Terminated is dropped).
    private readonly HashSet<InternalActorRef> _terminatedPending = [];

    public IActorRef Watch(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor is InternalActorRef target && !ReferenceEquals(target, this) && _watching.Add(target))
        {
            target.SendSystem(new Watch(target, this));
        }

        return actor;
    }

    public IActorRef Unwatch(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor is InternalActorRef target)
        {
            _terminatedPending.Remove(target);
            if (_watching.Remove(target))
            {
                target.SendSystem(new Unwatch(target, this));
            }
        }

        return actor;
    }

    private void HandleWatch(Watch watch)
    {
        if (!ReferenceEquals(watch.Watcher, this))
        {
            _watchedBy.Add(watch.Watcher);
        }
    }

    private void HandleUnwatch(Unwatch unwatch) => _watchedBy.Remove(unwatch.Watcher);

    private void HandleDeathWatchNotification(DeathWatchNotification notification)
    {
        var actor = notification.Actor;
        if (_watching.Remove(actor) && _terminatedPending.Add(actor))
        {
            // Through the mailbox, so that Terminated comes after every message the dead actor sent us.
            _mailbox.Writer.TryWrite(new Envelope(new DeliverTerminated(actor), actor));
        }

        if (!RemoveChild(actor))
        {
            return;
        }

        if (_state == CellState.Stopping)
        {
            StopNextChildOrFinish();
        }
        else
        {
            TryFinishRestart();
        }
    }

    private bool TakeTerminatedForDelivery(InternalActorRef actor) => _terminatedPending.Remove(actor);

    private void NotifyWatchersAndParent()
    {
        var notification = new DeathWatchNotification(this);
        foreach (var watcher in _watchedBy)
        {
            if (!ReferenceEquals(watcher, _parent))
            {
                watcher.SendSystem(notification);
            }
        }

        _watchedBy.Clear();
        foreach (var watched in _watching)
        {
            watched.SendSystem(new Unwatch(watched, this));
        }

        _watching.Clear();
        _terminatedPending.Clear();
        _parent?.SendSystem(notification);
    }
}
