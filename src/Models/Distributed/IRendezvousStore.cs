namespace PoseCluster.Models.Distributed;

/// <summary>
/// The key-value store Gloo's ranks rendezvous through (each publishes its address, then reads the
/// others'). Implemented by the host: <see cref="FileRendezvousStore"/> for standalone runs, an actor-served
/// store in the cluster (ARCHITECTURE §7). Called on the Gloo worker thread during
/// <see cref="ProcessGroup.Create"/> only; use a fresh store (or key space) per attempt.
/// </summary>
public interface IRendezvousStore
{
    /// <summary>Stores a value (overwrites).</summary>
    Task SetAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken);

    /// <summary>The value of a key that exists.</summary>
    Task<byte[]> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Whether every key exists now (does not wait).</summary>
    Task<bool> CheckAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken);

    /// <summary>
    /// Returns once every key exists; throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.
    /// The default polls <see cref="CheckAsync"/>; a store that can be notified should override it.
    /// </summary>
    async Task WaitAsync(IReadOnlyList<string> keys, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        var delay = TimeSpan.FromMilliseconds(2);
        while (!await CheckAsync(keys, cancellationToken).ConfigureAwait(false))
        {
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"rendezvous keys {string.Join(", ", keys)} not all set within {timeout.TotalSeconds:F0} s (a rank did not come)");
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(100, delay.TotalMilliseconds * 2));
        }
    }
}
