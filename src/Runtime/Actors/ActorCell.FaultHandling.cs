namespace PoseCluster.Runtime.Actors;

/// <summary>
/// Supervision, both sides: a failing actor suspends itself and reports to its parent; the parent's
/// strategy decides; a restart waits its back-off, runs PreRestart, waits for the children PreRestart
/// stopped, then makes a fresh instance and runs PostRestart.
/// </summary>
internal sealed partial class ActorCell
{
    // Run loop only: the message whose handler threw, for PreRestart; null when not suspended.
    private object? _failedMessage;

    // Run loop only: the cause of the restart in progress (state Restarting).
    private Exception? _restartCause;

    // Run loop only: the child whose failure this actor escalated; resumed with this actor.
    private ActorCell? _escalatedFrom;

    // Run loop only: restart history per child, for the strategy's limit and back-off (created on first restart).
    private Dictionary<ActorCell, RestartHistory>? _restartStats;

    // The pending back-off timer, if any. Created and disposed on the run loop; its callback only sends a system message.
    private ITimer? _backoffTimer;

    // Run loop only: true while a restart waits for its back-off timer.
    private bool _awaitingBackoff;

    // Run loop only: numbers back-offs, so that a stale BackoffElapsed is ignored.
    private long _backoffGeneration;

    /// <summary>Suspends this actor and asks its parent what to do.</summary>
    private void Fail(Exception exception, object? message)
    {
        if (_state is CellState.Stopping or CellState.Terminated)
        {
            RuntimeLog.FailedWhileStopping(_system.Logger, exception, _path.ToString());
            return;
        }

        _state = CellState.Suspended;
        _failedMessage = message;
        RuntimeLog.ActorFailed(_system.Logger, exception, _path.ToString(), message?.GetType().Name ?? "(none)");
        if (_parent is null)
        {
            BeginStop();
            return;
        }

        _parent.SendSystem(new Failed(this, exception));
    }

    private void HandleChildFailed(Failed failed)
    {
        var child = failed.Child;
        if (_state is CellState.Stopping or CellState.Terminated || !IsLivingChild(child))
        {
            return; // a stopping parent stops the child anyway; a dead child needs no decision
        }

        var strategy = CurrentStrategy();
        Directive directive;
        try
        {
            directive = strategy.Decide(failed.Cause);
        }
        catch (Exception exception)
        {
            RuntimeLog.HookFailed(_system.Logger, exception, "SupervisorStrategy decider", _path.ToString());
            directive = Directive.Stop;
        }

        switch (directive)
        {
            case Directive.Resume:
                RuntimeLog.Resuming(_system.Logger, child._path.ToString(), failed.Cause.GetType().Name);
                child.SendSystem(Resume.Instance);
                break;
            case Directive.Restart:
                RestartOrStop(child, strategy, failed.Cause);
                break;
            case Directive.Escalate when _parent is not null:
                _escalatedFrom = child;
                Fail(failed.Cause, message: null);
                break;
            case Directive.Escalate:
                RuntimeLog.EscalatedToTop(_system.Logger, failed.Cause, child._path.ToString());
                Stop(child);
                break;
            default:
                RuntimeLog.StoppingFailed(_system.Logger, child._path.ToString(), failed.Cause.GetType().Name);
                Stop(child);
                break;
        }
    }

    private SupervisorStrategy CurrentStrategy()
    {
        try
        {
            return _actor?.InvokeSupervisorStrategy() ?? _system.Settings.DefaultSupervisorStrategy;
        }
        catch (Exception exception)
        {
            RuntimeLog.HookFailed(_system.Logger, exception, "SupervisorStrategy", _path.ToString());
            return _system.Settings.DefaultSupervisorStrategy;
        }
    }

    private void RestartOrStop(ActorCell child, SupervisorStrategy strategy, Exception cause)
    {
        var oneForOne = strategy as OneForOneStrategy ?? _system.Settings.DefaultSupervisorStrategy;
        _restartStats ??= [];
        if (!_restartStats.TryGetValue(child, out var history))
        {
            history = new RestartHistory();
            _restartStats.Add(child, history);
        }

        if (!history.TryRecord(_system.TimeProvider.GetUtcNow(), oneForOne.MaxRestarts, oneForOne.Window, out var earlierRestarts))
        {
            RuntimeLog.RestartLimitReached(_system.Logger, child._path.ToString(), oneForOne.MaxRestarts, oneForOne.Window.TotalSeconds);
            Stop(child);
            return;
        }

        var delay = oneForOne.Backoff.DelayFor(earlierRestarts, Random.Shared.NextDouble());
        RuntimeLog.Restarting(_system.Logger, child._path.ToString(), earlierRestarts + 1, delay.TotalMilliseconds, cause.GetType().Name);
        child.SendSystem(new Recreate(cause, delay));
    }

    private bool IsLivingChild(ActorCell child)
    {
        lock (_childrenLock)
        {
            return _children.TryGetValue(child._path.Name, out var registered) && ReferenceEquals(registered, child);
        }
    }

    private void HandleResume()
    {
        if (_state != CellState.Suspended)
        {
            return;
        }

        if (_actor is null)
        {
            // Resuming an actor whose constructor failed would leave it without an instance: restart instead.
            BeginRestart(new ActorInitializationException(_path, new InvalidOperationException("resumed before it was created")), TimeSpan.Zero);
            return;
        }

        _failedMessage = null;
        _state = CellState.Running;
        if (_escalatedFrom is { } child)
        {
            _escalatedFrom = null;
            child.SendSystem(Resume.Instance);
        }
    }

    private void HandleRecreate(Recreate recreate)
    {
        if (_state == CellState.Suspended)
        {
            BeginRestart(recreate.Cause, recreate.Delay);
        }
    }

    private void HandleBackoffElapsed(BackoffElapsed elapsed)
    {
        if (elapsed.Generation != _backoffGeneration || _state != CellState.Restarting)
        {
            return;
        }

        CancelBackoff();
        _awaitingBackoff = false;
        TryFinishRestart();
    }

    private void CancelBackoff()
    {
        _backoffTimer?.Dispose();
        _backoffTimer = null;
    }

    /// <summary>
    /// The first half of a restart, at once: PreRestart on the failed instance (which by default stops
    /// the children and runs PostStop), timers cancelled, the stash put back. The fresh instance comes
    /// when the back-off has elapsed and the stopped children are gone (<see cref="TryFinishRestart"/>).
    /// </summary>
    private void BeginRestart(Exception cause, TimeSpan backoff)
    {
        var failedMessage = _failedMessage;
        _failedMessage = null;
        _escalatedFrom = null;
        if (_actor is { } failed)
        {
            try
            {
                failed.InvokePreRestart(cause, failedMessage);
            }
            catch (Exception exception)
            {
                RuntimeLog.HookFailed(_system.Logger, exception, "PreRestart", _path.ToString());
            }
        }

        // The failed instance is done (PreRestart ran its PostStop); a stop during the back-off must not run it again.
        _actor = null;
        _timers?.CancelAll();
        _stash?.UnstashAll();
        _restartCause = cause;
        _state = CellState.Restarting;
        if (backoff > TimeSpan.Zero)
        {
            CancelBackoff();
            _awaitingBackoff = true;
            _backoffTimer = _system.TimeProvider.CreateTimer(
                static state =>
                {
                    var (cell, message) = ((ActorCell, BackoffElapsed))state!;
                    cell.SendSystem(message);
                },
                (this, new BackoffElapsed(cause, ++_backoffGeneration)),
                backoff,
                Timeout.InfiniteTimeSpan);
        }

        TryFinishRestart();
    }

    /// <summary>Makes the fresh instance once the back-off has elapsed and the children PreRestart stopped are gone.</summary>
    private void TryFinishRestart()
    {
        if (_state != CellState.Restarting || _awaitingBackoff || _stoppingChildren.Count > 0)
        {
            return;
        }

        var cause = _restartCause!;
        _restartCause = null;
        CreateInstance(cause);
    }

    /// <summary>Restart times of one child inside the strategy's sliding window.</summary>
    private sealed class RestartHistory
    {
        private readonly Queue<DateTimeOffset> _restarts = new();

        /// <summary>Records a restart at <paramref name="now"/> unless the limit is reached.</summary>
        public bool TryRecord(DateTimeOffset now, int maxRestarts, TimeSpan window, out int earlierRestarts)
        {
            while (_restarts.Count > 0 && now - _restarts.Peek() > window)
            {
                _restarts.Dequeue();
            }

            earlierRestarts = _restarts.Count;
            if (maxRestarts >= 0 && _restarts.Count >= maxRestarts)
            {
                return false;
            }

            _restarts.Enqueue(now);
            return true;
        }
    }
}
