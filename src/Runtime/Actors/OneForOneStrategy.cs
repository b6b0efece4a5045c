namespace PoseCluster.Runtime.Actors;

/// <summary>
/// Decides for each failing child on its own (its siblings are not affected): the
/// <see cref="Decider"/> maps the exception to a <see cref="Directive"/>; a restart waits an exponential
/// back-off with jitter (<see cref="Backoff"/>), and a child that would restart more than
/// <see cref="MaxRestarts"/> times within <see cref="Window"/> is stopped instead.
/// </summary>
public sealed class OneForOneStrategy : SupervisorStrategy
{
    /// <summary>Creates the strategy.</summary>
    /// <param name="maxRestarts">Restarts allowed within <paramref name="window"/>; a negative value means no limit, 0 means never restart.</param>
    /// <param name="window">The sliding window in which restarts are counted.</param>
    /// <param name="decider">Maps an exception to a directive, e.g. <c>ex =&gt; ex switch { TimeoutException =&gt; Directive.Restart, _ =&gt; Directive.Stop }</c>.</param>
    /// <param name="backoff">The delay before each restart; null means <see cref="RestartBackoff.None"/>.</param>
    public OneForOneStrategy(int maxRestarts, TimeSpan window, Func<Exception, Directive> decider, RestartBackoff? backoff = null)
    {
        ArgumentNullException.ThrowIfNull(decider);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        MaxRestarts = maxRestarts;
        Window = window;
        Decider = decider;
        Backoff = backoff ?? RestartBackoff.None;
    }

    /// <summary>Restarts allowed within <see cref="Window"/> (negative: no limit).</summary>
    public int MaxRestarts { get; }

    /// <summary>The sliding window in which restarts are counted.</summary>
    public TimeSpan Window { get; }

    /// <summary>Maps a child's exception to a directive.</summary>
    public Func<Exception, Directive> Decider { get; }

    /// <summary>The delay before each restart.</summary>
    public RestartBackoff Backoff { get; }

    /// <inheritdoc/>
    public override Directive Decide(Exception exception) => Decider(exception);

    /// <summary>A copy of this strategy with another decider.</summary>
    public OneForOneStrategy WithDecider(Func<Exception, Directive> decider) => new(MaxRestarts, Window, decider, Backoff);

    /// <summary>A copy of this strategy with another back-off.</summary>
    public OneForOneStrategy WithBackoff(RestartBackoff backoff) => new(MaxRestarts, Window, Decider, backoff);
}
