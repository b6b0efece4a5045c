using System.Globalization;

namespace PoseCluster.Runtime.Actors;

/// <summary>Children: spawning, names, and the ordered stop (newest first) that coordinated shutdown relies on.</summary>
internal sealed partial class ActorCell
{
    // Living children by name, in start order. Any thread adds (ActorSystem.Spawn adds to the guardian
    // from the caller's thread); the run loop removes. Guarded by _childrenLock.
    private readonly OrderedDictionary<string, ActorCell> _children = new(StringComparer.Ordinal);

    private readonly Lock _childrenLock = new();

    // False once the stop has found no children left; from then on Spawn fails. Guarded by _childrenLock.
    private bool _acceptsChildren = true;

    // Source of '$'-names for children spawned without a name. Guarded by _childrenLock.
    private long _nextAnonymousChild;

    // Run loop only: children asked to stop whose death has not been reported yet.
    private readonly HashSet<ActorCell> _stoppingChildren = [];

    public IActorRef Self => this;

    public IActorRef Sender => _current.Sender ?? _system.DeadLetters;

    public IActorRef Parent => (IActorRef?)_parent ?? _system.DeadLetters;

    ActorSystem IActorContext.System => _system;

    public IReadOnlyList<IActorRef> Children
    {
        get
        {
            lock (_childrenLock)
            {
                return [.. _children.Values];
            }
        }
    }

    public IActorRef? Child(string name)
    {
        lock (_childrenLock)
        {
            return _children.GetValueOrDefault(name);
        }
    }

    public IActorRef Spawn(Props props, string? name = null) => SpawnChild(props, name);

    /// <summary>Creates, registers and starts a child (callable from any thread for the guardian).</summary>
    internal ActorCell SpawnChild(Props props, string? name)
    {
        ArgumentNullException.ThrowIfNull(props);
        if (name is not null)
        {
            ValidateName(name);
        }

        ActorCell child;
        lock (_childrenLock)
        {
            if (!_acceptsChildren)
            {
                throw new InvalidOperationException($"{_path} is stopping and cannot start children");
            }

            name ??= "$" + (_nextAnonymousChild++).ToString(CultureInfo.InvariantCulture);
            if (_children.ContainsKey(name))
            {
                throw new InvalidActorNameException($"{_path} already has a child named '{name}'");
            }

            child = new ActorCell(_system, this, props, _path.Child(name));
            _children.Add(name, child);
        }

        child.Start();
        return child;
    }

    public void Stop(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor is ActorCell cell && ReferenceEquals(cell._parent, this))
        {
            _stoppingChildren.Add(cell);
        }

        (actor as InternalActorRef)?.SendSystem(Terminate.Instance);
    }

    public void Forward(IActorRef target, object message)
    {
        ArgumentNullException.ThrowIfNull(target);
        target.Tell(message, _current.Sender);
    }

    private void ValidateName(string name)
    {
        if (name.Length == 0 || name.Contains('/', StringComparison.Ordinal) || name.StartsWith('$'))
        {
            throw new InvalidActorNameException($"Invalid actor name '{name}' under {_path}: it must be non-empty, without '/', and not start with '$'");
        }
    }

    /// <summary>Forgets a child that has stopped; true if it was ours.</summary>
    private bool RemoveChild(InternalActorRef actor)
    {
        if (actor is not ActorCell cell || !ReferenceEquals(cell._parent, this))
        {
            return false;
        }

        _stoppingChildren.Remove(cell);
        _restartStats?.Remove(cell);
        lock (_childrenLock)
        {
            // Compare identities: the name may already belong to a newer child only after this removal.
            if (_children.TryGetValue(cell._path.Name, out var registered) && ReferenceEquals(registered, cell))
            {
                _children.Remove(cell._path.Name);
                return true;
            }

            return false;
        }
    }

    /// <summary>Starts (or continues) the stop: children newest first, one at a time, then this actor.</summary>
    private void BeginStop()
    {
        if (_state is CellState.Stopping or CellState.Terminated)
        {
            return;
        }

        _state = CellState.Stopping;
        CancelBackoff();
        _awaitingBackoff = false;
        StopNextChildOrFinish();
    }

    private void StopNextChildOrFinish()
    {
        ActorCell? newest = null;
        lock (_childrenLock)
        {
            if (_children.Count == 0)
            {
                _acceptsChildren = false;
            }
            else
            {
                newest = _children.GetAt(_children.Count - 1).Value;
            }
        }

        if (newest is null)
        {
            FinishStop();
        }
        else if (_stoppingChildren.Add(newest))
        {
            // A child already in the set was asked before (Context.Stop, PreRestart); wait for its death.
            newest.SendSystem(Terminate.Instance);
        }
    }

    /// <summary>The last step of a stop: PostStop, dead letters for what is left, notifications.</summary>
    private void FinishStop()
    {
        _state = CellState.Terminated;
        if (_actor is { } actor)
        {
            try
            {
                actor.InvokePostStop();
            }
            catch (Exception exception)
            {
                RuntimeLog.HookFailed(_system.Logger, exception, "PostStop", _path.ToString());
            }
        }

        _timers?.CancelAll();
        CancelBackoff();
        DisposeReceiveTimeout();
        lock (_systemLock)
        {
            _isTerminated = true;
        }

        _mailbox.Writer.TryComplete();
        _stash?.DrainToDeadLetters();
        while (_held is { Count: > 0 })
        {
            ToDeadLetters(_held.Dequeue());
        }

        while (_mailbox.Reader.TryRead(out var envelope))
        {
            ToDeadLetters(envelope);
        }

        while (_systemMessages.TryDequeue(out var message))
        {
            HandleSystemMessageWhenDead(message);
        }

        NotifyWatchersAndParent();
        _actor = null;
        RuntimeLog.Stopped(_system.Logger, _path.ToString());
        _whenTerminated.TrySetResult();
    }

    private void ToDeadLetters(Envelope envelope)
    {
        // Internal markers are not the user's messages; a pending Terminated is moot once we stopped.
        if (envelope.Message is WakeUp or TimerMessage or DeliverTerminated or ReceiveTimeoutTick)
        {
            return;
        }

        _system.PublishDeadLetter(new DeadLetter(envelope.Message, envelope.Sender, this));
    }
}
