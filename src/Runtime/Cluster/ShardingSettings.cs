namespace PoseCluster.Runtime.Cluster;

/// <summary>How shard regions allocate, deliver and passivate (<c>posecluster.cluster.sharding.*</c>).</summary>
public sealed record ShardingSettings
{
    /// <summary>Default number of shards of an entity type (fixed for the type's lifetime).</summary>
    public int ShardCount { get; init; } = 100;

    /// <summary>At most this many shards move between live members at a time.</summary>
    public int MaxSimultaneousRebalance { get; init; } = 3;

    /// <summary>No shard is allocated for the first time until this many members with the type's role are up.</summary>
    public int MinMembers { get; init; } = 1;

    /// <summary>How often a region runs an allocation round (also after every topology signal).</summary>
    public TimeSpan AllocationInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often an owned shard looks for messages without a wake-up (the only way on SQLite across processes).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Messages read from a shard's inbox at a time.</summary>
    public int FetchBatch { get; init; } = 200;

    /// <summary>An entity with no message for this long is stopped; zero keeps entities forever.</summary>
    public TimeSpan PassivateIdleAfter { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Whether a shard's new owner restarts the entities that were active.</summary>
    public bool RememberEntities { get; init; }

    /// <summary>Delay before a message whose handler failed is delivered again.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);
}
