namespace PoseCluster.Runtime.Actors;

/// <summary>
/// The delay before a supervised restart: <c>min(Max, Min * 2^n)</c> for the n-th restart in the
/// strategy's window (n from 0), stretched by a random factor in <c>[1, 1 + RandomFactor]</c> so that
/// siblings failing together do not restart in lockstep. Messages that arrive meanwhile stay queued.
/// </summary>
/// <param name="Min">The delay before the first restart in a window.</param>
/// <param name="Max">The ceiling of the delay before jitter.</param>
/// <param name="RandomFactor">Jitter as a fraction of the delay (0.2 = up to 20 % longer).</param>
public sealed record RestartBackoff(TimeSpan Min, TimeSpan Max, double RandomFactor)
{
    /// <summary>Restart at once, without delay.</summary>
    public static RestartBackoff None { get; } = new(TimeSpan.Zero, TimeSpan.Zero, 0);

    /// <summary>The delay before the restart that follows <paramref name="restartsInWindow"/> earlier ones.</summary>
    /// <param name="restartsInWindow">Restarts already counted in the window.</param>
    /// <param name="random">A number in [0, 1) drawn by the caller (tests pass fixed values).</param>
    public TimeSpan DelayFor(int restartsInWindow, double random)
    {
        if (Min <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        // 2^n overflows double only far past any sensible Max; clamp the exponent so it never does.
        var exponential = Min.TotalMilliseconds * Math.Pow(2, Math.Min(restartsInWindow, 62));
        var capped = Math.Min(exponential, Math.Max(Max.TotalMilliseconds, Min.TotalMilliseconds));
        return TimeSpan.FromMilliseconds(capped * (1 + (Math.Max(RandomFactor, 0) * random)));
    }
}
