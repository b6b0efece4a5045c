namespace PoseCluster.Runtime.Actors;

/// <summary>
/// Timers that send messages to their own actor. Each timer has a key: starting a timer with a key in
/// use replaces it, and a message from a cancelled or replaced timer is never delivered, even if it was
/// already queued. All timers are cancelled when the actor restarts or stops.
/// </summary>
public interface ITimerScheduler
{
    /// <summary>Sends <paramref name="message"/> to this actor once, after <paramref name="delay"/>.</summary>
    void StartSingleTimer(object key, object message, TimeSpan delay);

    /// <summary>Sends <paramref name="message"/> to this actor every <paramref name="interval"/>, the first time after one interval.</summary>
    void StartPeriodicTimer(object key, object message, TimeSpan interval);

    /// <summary>Sends <paramref name="message"/> to this actor after <paramref name="initialDelay"/>, then every <paramref name="interval"/>.</summary>
    void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval);

    /// <summary>True while the timer with this key may still send a message.</summary>
    bool IsTimerActive(object key);

    /// <summary>Cancels the timer with this key (no effect if there is none).</summary>
    void Cancel(object key);

    /// <summary>Cancels every timer of this actor.</summary>
    void CancelAll();
}
