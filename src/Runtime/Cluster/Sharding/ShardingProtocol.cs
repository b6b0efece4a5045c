namespace PoseCluster.Runtime.Cluster.Sharding;

// Messages between regions, shards and entities (internal: users see ShardingEnvelope and ShardedEntity).

/// <summary>A shard hands one inbox message to its entity; the entity answers with completed or failed.</summary>
internal sealed record EntityDelivery(EntityMessageContext Context, object Message);

/// <summary>The entity handled the message with this sequence.</summary>
internal sealed record EntityDeliveryCompleted(string EntityId, long Sequence);

/// <summary>The entity's handler threw; the shard delivers the message again later.</summary>
internal sealed record EntityDeliveryFailed(string EntityId, long Sequence, Exception Cause);

/// <summary>Region: run an allocation round now.</summary>
internal sealed record AllocateShards
{
    public static AllocateShards Instance { get; } = new();
}

/// <summary>Region → shard, from a store signal or the poll timer: look for new inbox rows.</summary>
internal sealed record FetchMessages
{
    public static FetchMessages Instance { get; } = new();
}

/// <summary>Shard: write pending acknowledgements.</summary>
internal sealed record FlushAcks
{
    public static FlushAcks Instance { get; } = new();
}

/// <summary>Shard: stop entities that have been idle for the passivation time.</summary>
internal sealed record PassivateIdle
{
    public static PassivateIdle Instance { get; } = new();
}

/// <summary>Region → shard: the store asks to hand this shard to another member.</summary>
internal sealed record HandOffShard
{
    public static HandOffShard Instance { get; } = new();
}

/// <summary>Shard: the hand-off deadline passed; complete it even with a delivery still running.</summary>
internal sealed record HandOffDeadline
{
    public static HandOffDeadline Instance { get; } = new();
}

/// <summary>Shard: deliver the head of an entity's queue again after a failure.</summary>
internal sealed record RetryEntity(string EntityId);

/// <summary>Shard: start the remembered entities (sent to itself at start).</summary>
internal sealed record StartRememberedEntities
{
    public static StartRememberedEntities Instance { get; } = new();
}

/// <summary>Region: this node lost its membership (downed and rejoined); stop every shard at once.</summary>
internal sealed record StopAllShards
{
    public static StopAllShards Instance { get; } = new();
}

/// <summary>Region → asker: the shards this region currently runs.</summary>
internal sealed record GetLocalShards
{
    public static GetLocalShards Instance { get; } = new();
}

/// <summary>Reply to <see cref="GetLocalShards"/>.</summary>
internal sealed record LocalShards(IReadOnlyList<int> Shards);

/// <summary>Region: run an allocation round soon (debounced; from topology signals).</summary>
internal sealed record AllocateSoon
{
    public static AllocateSoon Instance { get; } = new();
}

/// <summary>Region: messages arrived for one of its shards.</summary>
internal sealed record ShardSignal(int Shard);
