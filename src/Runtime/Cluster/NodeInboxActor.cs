using PoseCluster.Runtime.Actors;

namespace PoseCluster.Runtime.Cluster;

/// <summary>
/// Delivers this node's durable node-addressed messages (e.g. "start rank 3 here") in order to one
/// local target actor. Each message is asked of the target; the target's reply (any message) marks it
/// done and deletes it from the inbox, so a crash before the reply delivers it again (at-least-once).
/// </summary>
internal sealed class NodeInboxActor : ReceiveActor
{
    private readonly IClusterStore _store;
    private readonly string _address;
    private readonly MessageCodec _codec;
    private readonly IActorRef _target;
    private readonly TimeSpan _pollInterval;
    private readonly TimeSpan _replyTimeout;

    public NodeInboxActor(IClusterStore store, string address, MessageCodec codec, IActorRef target, TimeSpan pollInterval, TimeSpan replyTimeout)
    {
        _store = store;
        _address = address;
        _codec = codec;
        _target = target;
        _pollInterval = pollInterval;
        _replyTimeout = replyTimeout;
        ReceiveAsync<FetchNodeMessages>(_ => HandleFetchAsync());
    }

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer("poll", FetchNodeMessages.Instance, _pollInterval);
        Self.Tell(FetchNodeMessages.Instance, Self);
    }

    private async Task HandleFetchAsync()
    {
        try
        {
            // Always from the start: the inbox holds only what is not yet done, and it is small.
            foreach (var stored in await _store.FetchNodeMessagesAsync(_address, 0, 100, CancellationToken.None).ConfigureAwait(true))
            {
                object message;
                try
                {
                    message = _codec.Deserialize(stored);
                }
                catch (Exception e) when (e is ClusterStoreException or System.Text.Json.JsonException)
                {
                    ClusterLog.UnreadableMessage(Log, stored.MessageId, "node " + _address, e);
                    await _store.AckNodeMessagesAsync(_address, [stored.Sequence], CancellationToken.None).ConfigureAwait(true);
                    continue;
                }

                await _target.Ask<object>(new NodeMessage(stored.MessageId, message), _replyTimeout).ConfigureAwait(true);
                await _store.AckNodeMessagesAsync(_address, [stored.Sequence], CancellationToken.None).ConfigureAwait(true);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Stop at the first failure so that order holds; the next poll starts again from it.
            ClusterLog.MembershipCallFailed(Log, "node inbox", e);
        }
    }
}

/// <summary>Node inbox actor: look for messages (signal or poll).</summary>
internal sealed record FetchNodeMessages
{
    public static FetchNodeMessages Instance { get; } = new();
}
