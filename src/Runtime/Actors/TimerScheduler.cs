namespace PoseCluster.Runtime.Actors;

/// <summary>
/// An actor's timers. Used only on the actor's run loop; a timer's callback (thread pool) only tells
/// the actor a <see cref="TimerMessage"/>, which is delivered if its generation is still current.
/// </summary>
internal sealed class TimerScheduler(ActorCell cell) : ITimerScheduler
{
    // Run loop only: live timers by key.
    private readonly Dictionary<object, TimerEntry> _timers = [];

    // Run loop only: numbers every start, so that a message of a replaced or cancelled timer is recognized.
    private long _generation;

    public void StartSingleTimer(object key, object message, TimeSpan delay) =>
        Start(key, message, delay, Timeout.InfiniteTimeSpan);

    public void StartPeriodicTimer(object key, object message, TimeSpan interval) =>
        StartPeriodicTimer(key, message, interval, interval);

    public void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        Start(key, message, initialDelay, interval);
    }

    public bool IsTimerActive(object key) => _timers.ContainsKey(key);

    public void Cancel(object key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_timers.Remove(key, out var entry))
        {
            entry.Timer.Dispose();
        }
    }

    public void CancelAll()
    {
        foreach (var entry in _timers.Values)
        {
            entry.Timer.Dispose();
        }

        _timers.Clear();
    }

    /// <summary>True if the message comes from the current generation of a live timer; a single timer ends here.</summary>
    public bool TryTakeForDelivery(TimerMessage message)
    {
        if (!_timers.TryGetValue(message.Key, out var entry) || entry.Generation != message.Generation)
        {
            return false;
        }

        if (!entry.IsPeriodic)
        {
            _timers.Remove(message.Key);
            entry.Timer.Dispose();
        }

        return true;
    }

    private void Start(object key, object message, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentOutOfRangeException.ThrowIfLessThan(dueTime, TimeSpan.Zero);
        Cancel(key);
        var timerMessage = new TimerMessage(key, ++_generation, message);
        var timer = cell.System.TimeProvider.CreateTimer(
            static state =>
            {
                var (target, payload) = ((ActorCell, TimerMessage))state!;
                target.Tell(payload, target);
            },
            (cell, timerMessage),
            dueTime,
            period);
        _timers[key] = new TimerEntry(timer, timerMessage.Generation, period != Timeout.InfiniteTimeSpan);
    }

    private sealed record TimerEntry(ITimer Timer, long Generation, bool IsPeriodic);
}
