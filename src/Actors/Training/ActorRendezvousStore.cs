using Akka.Actor;
using PoseCluster.Models.Distributed;

namespace PoseCluster.Actors.Training;

/// <summary>
/// <see cref="IRendezvousStore"/> over a <see cref="RendezvousStoreActor"/>: each callback Gloo makes during
/// <see cref="ProcessGroup.Create"/> is an Ask to the attempt's store actor, wherever in the cluster it lives.
/// </summary>
/// <param name="store">The attempt's store actor.</param>
/// <param name="timeout">How long one set or get may take; a wait takes the timeout Gloo passes.</param>
internal sealed class ActorRendezvousStore(IActorRef store, TimeSpan timeout) : IRendezvousStore
{
    /// <inheritdoc/>
    public Task SetAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken) =>
        store.Ask<RendezvousDone>(new RendezvousSet(key, value.ToArray()), timeout, cancellationToken);

    /// <inheritdoc/>
    public async Task<byte[]> GetAsync(string key, CancellationToken cancellationToken)
    {
        var answer = await store.Ask<RendezvousValue>(new RendezvousGet(key), timeout, cancellationToken).ConfigureAwait(false);
        return answer.Value ?? throw new KeyNotFoundException($"rendezvous key {key} is not set");
    }

    /// <inheritdoc/>
    public async Task<bool> CheckAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken) =>
        (await store.Ask<RendezvousChecked>(new RendezvousCheck([.. keys]), timeout, cancellationToken).ConfigureAwait(false)).Present;

    /// <inheritdoc/>
    public async Task WaitAsync(IReadOnlyList<string> keys, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await store.Ask<RendezvousDone>(new RendezvousWait([.. keys]), timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (AskTimeoutException e)
        {
            throw new TimeoutException($"rendezvous keys {string.Join(", ", keys)} not all set within {timeout.TotalSeconds:F0} s (a rank did not come)", e);
        }
    }
}
