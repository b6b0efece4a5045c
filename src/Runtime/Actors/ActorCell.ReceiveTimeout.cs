namespace PoseCluster.Runtime.Actors;

/// <summary>The receive timeout: one timer, re-armed after every handled message.</summary>
internal sealed partial class ActorCell
{
    // Run loop only: the idle period after which ReceiveTimeout is delivered; null when off.
    private TimeSpan? _receiveTimeout;

    // The idle timer, created on first use; its callback (thread pool) only tells the actor a tick.
    private ITimer? _receiveTimeoutTimer;

    // Run loop only: user messages handled so far, and the count when the timer was last armed; a tick
    // counts only if nothing was handled since it was armed.
    private long _handledMessages;

    private long _handledWhenArmed;

    public void SetReceiveTimeout(TimeSpan? timeout)
    {
        if (timeout is { } t && t <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The receive timeout must be positive (null turns it off)");
        }

        _receiveTimeout = timeout;
        if (timeout is null)
        {
            _receiveTimeoutTimer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        ArmReceiveTimeout();
    }

    /// <summary>After a handled message: restart the idle period (cheap when the timeout is off).</summary>
    private void OnMessageHandled()
    {
        _handledMessages++;
        if (_receiveTimeout is not null)
        {
            ArmReceiveTimeout();
        }
    }

    private void ArmReceiveTimeout()
    {
        _handledWhenArmed = _handledMessages;
        _receiveTimeoutTimer ??= _system.TimeProvider.CreateTimer(
            static state => ((ActorCell)state!).Tell(ReceiveTimeoutTick.Instance),
            this,
            Timeout.InfiniteTimeSpan,
            Timeout.InfiniteTimeSpan);
        _receiveTimeoutTimer.Change(_receiveTimeout!.Value, Timeout.InfiniteTimeSpan);
    }

    /// <summary>True if a tick from the timer means the actor really was idle for the whole timeout.</summary>
    private bool TakeReceiveTimeoutTick() => _receiveTimeout is not null && _handledMessages == _handledWhenArmed;

    private void DisposeReceiveTimeout()
    {
        _receiveTimeoutTimer?.Dispose();
        _receiveTimeoutTimer = null;
        _receiveTimeout = null;
    }
}
