namespace PoseCluster.Runtime.Cluster;

/// <summary>
/// Sends messages to sharded entities from anywhere (a node, a CLI, a test): each message becomes a row
/// in its shard's durable inbox, and the shard's owner delivers it. Needs no actor system.
/// </summary>
public sealed class ShardingClient
{
    private readonly IClusterStore _store;

    /// <summary>A client writing into <paramref name="store"/>.</summary>
    public ShardingClient(IClusterStore store) => _store = store;

    /// <summary>Sends one message; <paramref name="messageId"/> (default: a new GUID) lets the entity deduplicate and makes a retried send harmless.</summary>
    public Task TellAsync(ShardedEntityType type, string entityId, object message, string? messageId, CancellationToken cancellationToken)
    {
        var row = type.Serialize(message, messageId ?? Guid.NewGuid().ToString("N"));
        return _store.EnqueueShardMessagesAsync(type.Name, type.ShardOf(entityId), [(entityId, row)], cancellationToken);
    }

    /// <summary>Sends many messages: one transaction per shard, at most <paramref name="parallelism"/> at a time; order is kept per shard.</summary>
    public async Task TellManyAsync(
        ShardedEntityType type,
        IEnumerable<(string EntityId, object Message, string MessageId)> messages,
        int parallelism,
        CancellationToken cancellationToken)
    {
        var byShard = messages
            .GroupBy(m => type.ShardOf(m.EntityId))
            .Select(g => (Shard: g.Key, Rows: g.Select(m => (m.EntityId, type.Serialize(m.Message, m.MessageId))).ToList()))
            .ToList();
        await Parallel.ForEachAsync(
            byShard,
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (group, ct) => await _store.EnqueueShardMessagesAsync(type.Name, group.Shard, group.Rows, ct).ConfigureAwait(false)).ConfigureAwait(false);
    }
}
