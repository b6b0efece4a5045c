namespace PoseCluster.Runtime.Cluster;

/// <summary>
/// The cluster's shared state: membership, shard leases, durable inboxes, singleton leases and
/// remembered entities. Every decision that nodes must agree on is one SQL transaction here, so the
/// store (SQLite or PostgreSQL) is the only arbiter; nodes never vote among themselves.
/// Times come from the store's <see cref="TimeProvider"/>, so nodes need roughly synchronized clocks
/// (well within the failure timeout).
/// </summary>
public interface IClusterStore : IAsyncDisposable
{
    /// <summary>Creates or migrates the schema (under a lock, so concurrent nodes do it once).</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Joins (or rejoins) a member as <see cref="MemberStatus.Up"/>; returns its new incarnation.</summary>
    Task<long> JoinAsync(string address, IReadOnlyList<string> roles, int capacity, CancellationToken cancellationToken);

    /// <summary>Records a heartbeat; false when this incarnation is no longer up or leaving (it was downed or replaced).</summary>
    Task<bool> HeartbeatAsync(string address, long incarnation, CancellationToken cancellationToken);

    /// <summary>Marks every up or leaving member whose heartbeat is older than <paramref name="failureTimeout"/> down; returns their addresses.</summary>
    Task<IReadOnlyList<string>> MarkUnreachableDownAsync(TimeSpan failureTimeout, CancellationToken cancellationToken);

    /// <summary>Starts a graceful leave: the member owns nothing new and its shards are handed over.</summary>
    Task BeginLeaveAsync(string address, long incarnation, CancellationToken cancellationToken);

    /// <summary>Ends a graceful leave: the member is <see cref="MemberStatus.Left"/> and releases its singletons.</summary>
    Task CompleteLeaveAsync(string address, long incarnation, CancellationToken cancellationToken);

    /// <summary>Every member the store knows, ordered by address.</summary>
    Task<IReadOnlyList<ClusterMember>> GetMembersAsync(CancellationToken cancellationToken);

    /// <summary>
    /// One allocation round of an entity type, in one transaction: creates missing shard rows, gives
    /// shards of down or absent owners to the least-loaded eligible member, starts hand-offs of leaving
    /// members' shards, and moves at most <see cref="ShardAllocationRequest.MaxSimultaneousRebalance"/>
    /// shards at a time from the most- to the least-loaded member. Returns the leases afterwards.
    /// </summary>
    Task<IReadOnlyList<ShardLease>> AllocateShardsAsync(ShardAllocationRequest request, CancellationToken cancellationToken);

    /// <summary>Leases of one entity type, or of every type when <paramref name="entityType"/> is null.</summary>
    Task<IReadOnlyList<ShardLease>> GetShardLeasesAsync(string? entityType, CancellationToken cancellationToken);

    /// <summary>Completes a hand-off the owner was asked for: the target becomes owner. False if <paramref name="fromAddress"/> no longer owns the shard.</summary>
    Task<bool> CompleteHandOffAsync(string entityType, int shard, string fromAddress, CancellationToken cancellationToken);

    /// <summary>Appends messages to one shard's durable inbox in one transaction (a message id seen before is skipped) and wakes its owner.</summary>
    Task EnqueueShardMessagesAsync(string entityType, int shard, IReadOnlyList<(string EntityId, OutgoingMessage Message)> messages, CancellationToken cancellationToken);

    /// <summary>The next messages of a shard after <paramref name="afterSequence"/>, in order; empty unless <paramref name="owner"/> owns the shard and no hand-off runs.</summary>
    Task<IReadOnlyList<StoredMessage>> FetchShardMessagesAsync(string entityType, int shard, string owner, long afterSequence, int maxCount, CancellationToken cancellationToken);

    /// <summary>Deletes processed messages of a shard's inbox.</summary>
    Task AckShardMessagesAsync(string entityType, IReadOnlyCollection<long> sequences, CancellationToken cancellationToken);

    /// <summary>Number of messages waiting in the inboxes of an entity type.</summary>
    Task<long> CountShardMessagesAsync(string entityType, CancellationToken cancellationToken);

    /// <summary>Appends a message to a node's durable inbox (a message id seen before is skipped) and wakes the node.</summary>
    Task EnqueueNodeMessageAsync(string address, OutgoingMessage message, CancellationToken cancellationToken);

    /// <summary>The next messages of a node's inbox after <paramref name="afterSequence"/>, in order.</summary>
    Task<IReadOnlyList<StoredMessage>> FetchNodeMessagesAsync(string address, long afterSequence, int maxCount, CancellationToken cancellationToken);

    /// <summary>Deletes processed messages of a node's inbox.</summary>
    Task AckNodeMessagesAsync(string address, IReadOnlyCollection<long> sequences, CancellationToken cancellationToken);

    /// <summary>Takes (or keeps) the singleton lease <paramref name="name"/>: succeeds when it is free, already ours, or its holder is not up.</summary>
    Task<bool> TryAcquireSingletonAsync(string name, string address, CancellationToken cancellationToken);

    /// <summary>Releases a singleton lease if <paramref name="address"/> holds it.</summary>
    Task ReleaseSingletonAsync(string name, string address, CancellationToken cancellationToken);

    /// <summary>The current holder of a singleton lease, or null.</summary>
    Task<string?> GetSingletonHolderAsync(string name, CancellationToken cancellationToken);

    /// <summary>Remembers that an entity is active, so a new owner of its shard restarts it.</summary>
    Task RememberEntityAsync(string entityType, int shard, string entityId, CancellationToken cancellationToken);

    /// <summary>Forgets an entity that stopped on purpose.</summary>
    Task ForgetEntityAsync(string entityType, int shard, string entityId, CancellationToken cancellationToken);

    /// <summary>Entities remembered in one shard.</summary>
    Task<IReadOnlyList<string>> GetRememberedEntitiesAsync(string entityType, int shard, CancellationToken cancellationToken);

    /// <summary>
    /// Calls <paramref name="onSignal"/> when messages arrive or ownership changes. PostgreSQL delivers
    /// signals from every node (LISTEN/NOTIFY); SQLite only those of this process, so readers also poll.
    /// </summary>
    Task<IAsyncDisposable> SubscribeAsync(Action<ClusterSignal> onSignal, CancellationToken cancellationToken);

    /// <summary>Whether signals from other processes arrive (PostgreSQL); when false, readers must poll.</summary>
    bool SignalsAcrossProcesses { get; }
}
