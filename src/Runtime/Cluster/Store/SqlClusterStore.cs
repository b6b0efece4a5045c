using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;

namespace PoseCluster.Runtime.Cluster.Store;

/// <summary>
/// The cluster store over ADO.NET: every statement and every coordination transaction is written
/// once here in SQL that SQLite and PostgreSQL both accept; the subclasses supply connections, the
/// coordination lock, schema DDL and wake-ups.
/// </summary>
internal abstract class SqlClusterStore : IClusterStore
{
    /// <summary>Current schema version; a store with a newer one is refused.</summary>
    protected const int SchemaVersion = 1;

    /// <summary>Rows per multi-row INSERT into an inbox.</summary>
    private const int EnqueueChunk = 250;

    private readonly TimeProvider _time;

    protected SqlClusterStore(TimeProvider time) => _time = time;

    /// <inheritdoc />
    public abstract bool SignalsAcrossProcesses { get; }

    /// <summary>Opens a connection to the store.</summary>
    protected abstract ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Begins a transaction that holds the store-wide coordination lock until it ends.</summary>
    protected abstract ValueTask<DbTransaction> BeginCoordinationAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Text appended to inbox reads (PostgreSQL: skip rows another transaction is deleting).</summary>
    protected abstract string InboxReadLockClause { get; }

    /// <summary>
    /// Serializes writers of one shard's inbox until <paramref name="transaction"/> ends, so sequence
    /// order is commit order and a reader that has seen sequence n never later finds a smaller one.
    /// </summary>
    protected abstract ValueTask LockShardInboxAsync(DbConnection connection, DbTransaction transaction, string entityType, int shard, CancellationToken cancellationToken);

    /// <summary>Signals readers inside <paramref name="transaction"/> (delivered on commit where the database supports it).</summary>
    protected abstract ValueTask SignalAsync(DbConnection connection, DbTransaction transaction, ClusterSignal signal, CancellationToken cancellationToken);

    /// <summary>Runs after a transaction that signalled has committed (SQLite raises in-process signals here).</summary>
    protected virtual void AfterSignalCommitted(ClusterSignal signal)
    {
    }

    /// <inheritdoc />
    public abstract Task InitializeAsync(CancellationToken cancellationToken);

    /// <inheritdoc />
    public abstract Task<IAsyncDisposable> SubscribeAsync(Action<ClusterSignal> onSignal, CancellationToken cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>The tables and indexes, shared by both databases except the identity column type.</summary>
    protected static string SchemaSql(string identityColumn) => $"""
        CREATE TABLE IF NOT EXISTS cluster_members (
          address TEXT PRIMARY KEY,
          roles TEXT NOT NULL,
          capacity INTEGER NOT NULL,
          status TEXT NOT NULL,
          incarnation BIGINT NOT NULL,
          joined_at BIGINT NOT NULL,
          last_heartbeat BIGINT NOT NULL);
        CREATE TABLE IF NOT EXISTS cluster_shards (
          entity_type TEXT NOT NULL,
          shard INTEGER NOT NULL,
          owner TEXT NULL,
          handoff_to TEXT NULL,
          epoch BIGINT NOT NULL,
          PRIMARY KEY (entity_type, shard));
        CREATE TABLE IF NOT EXISTS cluster_shard_inbox (
          seq {identityColumn},
          entity_type TEXT NOT NULL,
          shard INTEGER NOT NULL,
          entity_id TEXT NOT NULL,
          message_id TEXT NOT NULL,
          manifest TEXT NOT NULL,
          payload TEXT NOT NULL,
          enqueued_at BIGINT NOT NULL);
        CREATE UNIQUE INDEX IF NOT EXISTS cluster_shard_inbox_message ON cluster_shard_inbox (entity_type, message_id);
        CREATE INDEX IF NOT EXISTS cluster_shard_inbox_order ON cluster_shard_inbox (entity_type, shard, seq);
        CREATE TABLE IF NOT EXISTS cluster_node_inbox (
          seq {identityColumn},
          address TEXT NOT NULL,
          message_id TEXT NOT NULL,
          manifest TEXT NOT NULL,
          payload TEXT NOT NULL,
          enqueued_at BIGINT NOT NULL);
        CREATE UNIQUE INDEX IF NOT EXISTS cluster_node_inbox_message ON cluster_node_inbox (address, message_id);
        CREATE INDEX IF NOT EXISTS cluster_node_inbox_order ON cluster_node_inbox (address, seq);
        CREATE TABLE IF NOT EXISTS cluster_singletons (
          name TEXT PRIMARY KEY,
          holder TEXT NOT NULL,
          epoch BIGINT NOT NULL,
          acquired_at BIGINT NOT NULL);
        CREATE TABLE IF NOT EXISTS cluster_remembered_entities (
          entity_type TEXT NOT NULL,
          shard INTEGER NOT NULL,
          entity_id TEXT NOT NULL,
          PRIMARY KEY (entity_type, shard, entity_id));
        """;

    /// <summary>Applies the schema once and records its version; the caller holds the migration lock.</summary>
    protected async Task MigrateAsync(DbConnection connection, string schemaSql, string storeName, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, null, "CREATE TABLE IF NOT EXISTS cluster_schema (version INTEGER NOT NULL)", cancellationToken).ConfigureAwait(false);
        var found = await ScalarAsync(connection, null, "SELECT MAX(version) FROM cluster_schema", cancellationToken).ConfigureAwait(false);
        var version = found is null or DBNull ? 0 : Convert.ToInt32(found, CultureInfo.InvariantCulture);
        if (version > SchemaVersion)
        {
            throw new ClusterStoreException($"cluster store {storeName} has schema version {version}, newer than this build's {SchemaVersion}");
        }

        if (version < SchemaVersion)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, schemaSql, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, "INSERT INTO cluster_schema (version) VALUES (@v)", cancellationToken, ("v", SchemaVersion)).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    // ---- Membership ----

    /// <inheritdoc />
    public async Task<long> JoinAsync(string address, IReadOnlyList<string> roles, int capacity, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(address);
        var now = NowMs;
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var incarnation = await ScalarAsync(connection, null, """
            INSERT INTO cluster_members (address, roles, capacity, status, incarnation, joined_at, last_heartbeat)
            VALUES (@a, @r, @c, 'up', 1, @now, @now)
            ON CONFLICT (address) DO UPDATE SET roles = @r, capacity = @c, status = 'up',
              incarnation = cluster_members.incarnation + 1, joined_at = @now, last_heartbeat = @now
            RETURNING incarnation
            """, cancellationToken, ("a", address), ("r", string.Join(',', roles)), ("c", capacity), ("now", now)).ConfigureAwait(false);
        return Convert.ToInt64(incarnation, CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public async Task<bool> HeartbeatAsync(string address, long incarnation, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await ExecuteAsync(connection, null, """
            UPDATE cluster_members SET last_heartbeat = @now
            WHERE address = @a AND incarnation = @i AND status IN ('up', 'leaving')
            """, cancellationToken, ("now", NowMs), ("a", address), ("i", incarnation)).ConfigureAwait(false);
        return rows == 1;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> MarkUnreachableDownAsync(TimeSpan failureTimeout, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var downed = new List<string>();
        await using var command = Command(connection, null, """
            UPDATE cluster_members SET status = 'down'
            WHERE status IN ('up', 'leaving') AND last_heartbeat < @cutoff
            RETURNING address
            """, ("cutoff", NowMs - (long)failureTimeout.TotalMilliseconds));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            downed.Add(reader.GetString(0));
        }

        return downed;
    }

    /// <inheritdoc />
    public async Task BeginLeaveAsync(string address, long incarnation, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, """
            UPDATE cluster_members SET status = 'leaving', last_heartbeat = @now
            WHERE address = @a AND incarnation = @i AND status = 'up'
            """, cancellationToken, ("now", NowMs), ("a", address), ("i", incarnation)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task CompleteLeaveAsync(string address, long incarnation, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await ExecuteAsync(connection, transaction, """
            UPDATE cluster_members SET status = 'left'
            WHERE address = @a AND incarnation = @i AND status IN ('up', 'leaving')
            """, cancellationToken, ("a", address), ("i", incarnation)).ConfigureAwait(false);
        if (rows == 1)
        {
            await ExecuteAsync(connection, transaction, "DELETE FROM cluster_singletons WHERE holder = @a", cancellationToken, ("a", address)).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ClusterMember>> GetMembersAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadMembersAsync(connection, null, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<ClusterMember>> ReadMembersAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var members = new List<ClusterMember>();
        await using var command = Command(connection, transaction, """
            SELECT address, roles, capacity, status, incarnation, joined_at, last_heartbeat
            FROM cluster_members ORDER BY address
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            members.Add(new ClusterMember(
                reader.GetString(0),
                reader.GetString(1).Split(',', StringSplitOptions.RemoveEmptyEntries),
                reader.GetInt32(2),
                ParseStatus(reader.GetString(3)),
                reader.GetInt64(4),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6))));
        }

        return members;
    }

    private static MemberStatus ParseStatus(string status) => status switch
    {
        "up" => MemberStatus.Up,
        "leaving" => MemberStatus.Leaving,
        "down" => MemberStatus.Down,
        "left" => MemberStatus.Left,
        _ => throw new ClusterStoreException($"cluster_members has an unknown status '{status}'"),
    };

    // ---- Shards ----

    /// <inheritdoc />
    public async Task<IReadOnlyList<ShardLease>> AllocateShardsAsync(ShardAllocationRequest request, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(request.ShardCount, 1);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await BeginCoordinationAsync(connection, cancellationToken).ConfigureAwait(false);
        var leases = await ReadLeasesAsync(connection, transaction, request.EntityType, cancellationToken).ConfigureAwait(false);
        if (leases.Count < request.ShardCount)
        {
            var present = leases.Select(l => l.Shard).ToHashSet();
            await using var insert = Command(connection, transaction,
                "INSERT INTO cluster_shards (entity_type, shard, owner, handoff_to, epoch) VALUES (@t, @s, NULL, NULL, 0) ON CONFLICT DO NOTHING",
                ("t", request.EntityType), ("s", 0));
            for (var shard = 0; shard < request.ShardCount; shard++)
            {
                if (!present.Contains(shard))
                {
                    insert.Parameters["s"].Value = shard;
                    await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            leases = await ReadLeasesAsync(connection, transaction, request.EntityType, cancellationToken).ConfigureAwait(false);
        }

        var members = await ReadMembersAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var changes = ShardAllocator.Allocate(request, members, [.. leases.Where(l => l.Shard < request.ShardCount)]);
        if (changes.Count > 0)
        {
            await using var update = Command(connection, transaction,
                "UPDATE cluster_shards SET owner = @o, handoff_to = @h, epoch = @e WHERE entity_type = @t AND shard = @s",
                ("o", null), ("h", null), ("e", 0L), ("t", request.EntityType), ("s", 0));
            foreach (var change in changes)
            {
                update.Parameters["o"].Value = (object?)change.Owner ?? DBNull.Value;
                update.Parameters["h"].Value = (object?)change.HandOffTo ?? DBNull.Value;
                update.Parameters["e"].Value = change.Epoch;
                update.Parameters["s"].Value = change.Shard;
                await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await SignalAsync(connection, transaction, TopologySignal, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (changes.Count > 0)
        {
            AfterSignalCommitted(TopologySignal);
        }

        var changed = changes.ToDictionary(c => c.Shard);
        return [.. leases.Select(l => changed.GetValueOrDefault(l.Shard, l))];
    }

    private static readonly ClusterSignal TopologySignal = new(ClusterSignalKind.Topology, "", 0, "");

    /// <inheritdoc />
    public async Task<IReadOnlyList<ShardLease>> GetShardLeasesAsync(string? entityType, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadLeasesAsync(connection, null, entityType, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<List<ShardLease>> ReadLeasesAsync(DbConnection connection, DbTransaction? transaction, string? entityType, CancellationToken cancellationToken)
    {
        var leases = new List<ShardLease>();
        await using var command = Command(connection, transaction, """
            SELECT entity_type, shard, owner, handoff_to, epoch FROM cluster_shards
            WHERE @t IS NULL OR entity_type = @t
            ORDER BY entity_type, shard
            """, ("t", entityType));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            leases.Add(new ShardLease(
                reader.GetString(0),
                reader.GetInt32(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetInt64(4)));
        }

        return leases;
    }

    /// <inheritdoc />
    public async Task<bool> CompleteHandOffAsync(string entityType, int shard, string fromAddress, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await ExecuteAsync(connection, transaction, """
            UPDATE cluster_shards SET owner = handoff_to, handoff_to = NULL, epoch = epoch + 1
            WHERE entity_type = @t AND shard = @s AND owner = @from AND handoff_to IS NOT NULL
            """, cancellationToken, ("t", entityType), ("s", shard), ("from", fromAddress)).ConfigureAwait(false);
        var signal = new ClusterSignal(ClusterSignalKind.ShardMessage, entityType, shard, "");
        if (rows == 1)
        {
            // The new owner may have messages waiting already.
            await SignalAsync(connection, transaction, signal, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (rows == 1)
        {
            AfterSignalCommitted(signal);
        }

        return rows == 1;
    }

    // ---- Shard inbox ----

    /// <inheritdoc />
    public async Task EnqueueShardMessagesAsync(string entityType, int shard, IReadOnlyList<(string EntityId, OutgoingMessage Message)> messages, CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
        {
            return;
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await LockShardInboxAsync(connection, transaction, entityType, shard, cancellationToken).ConfigureAwait(false);
        var now = NowMs;

        // Multi-row INSERTs (one round trip per chunk); chunks keep the parameter count far below both databases' limits.
        foreach (var chunk in messages.Chunk(EnqueueChunk))
        {
            var sql = new StringBuilder("INSERT INTO cluster_shard_inbox (entity_type, shard, entity_id, message_id, manifest, payload, enqueued_at) VALUES ");
            var parameters = new List<(string, object?)>(chunk.Length * 4 + 3) { ("t", entityType), ("s", shard), ("now", now) };
            for (var i = 0; i < chunk.Length; i++)
            {
                sql.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"(@t, @s, @e{i}, @id{i}, @m{i}, @p{i}, @now)");
                parameters.Add(($"e{i}", chunk[i].EntityId));
                parameters.Add(($"id{i}", chunk[i].Message.MessageId));
                parameters.Add(($"m{i}", chunk[i].Message.Manifest));
                parameters.Add(($"p{i}", chunk[i].Message.Payload));
            }

            sql.Append(" ON CONFLICT (entity_type, message_id) DO NOTHING");
            await ExecuteAsync(connection, transaction, sql.ToString(), cancellationToken, [.. parameters]).ConfigureAwait(false);
        }

        var signal = new ClusterSignal(ClusterSignalKind.ShardMessage, entityType, shard, "");
        await SignalAsync(connection, transaction, signal, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        AfterSignalCommitted(signal);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredMessage>> FetchShardMessagesAsync(string entityType, int shard, string owner, long afterSequence, int maxCount, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, $"""
            SELECT i.seq, i.entity_id, i.message_id, i.manifest, i.payload, i.enqueued_at
            FROM cluster_shard_inbox i
            WHERE i.entity_type = @t AND i.shard = @s AND i.seq > @after
              AND EXISTS (SELECT 1 FROM cluster_shards l
                          WHERE l.entity_type = @t AND l.shard = @s AND l.owner = @o AND l.handoff_to IS NULL)
            ORDER BY i.seq
            LIMIT @n{InboxReadLockClause}
            """, ("t", entityType), ("s", shard), ("after", afterSequence), ("o", owner), ("n", maxCount));
        return await ReadMessagesAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task AckShardMessagesAsync(string entityType, IReadOnlyCollection<long> sequences, CancellationToken cancellationToken)
    {
        await DeleteSequencesAsync("cluster_shard_inbox", "entity_type", entityType, sequences, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<long> CountShardMessagesAsync(string entityType, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var count = await ScalarAsync(connection, null, "SELECT COUNT(*) FROM cluster_shard_inbox WHERE entity_type = @t", cancellationToken, ("t", entityType)).ConfigureAwait(false);
        return Convert.ToInt64(count, CultureInfo.InvariantCulture);
    }

    // ---- Node inbox ----

    /// <inheritdoc />
    public async Task EnqueueNodeMessageAsync(string address, OutgoingMessage message, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, """
            INSERT INTO cluster_node_inbox (address, message_id, manifest, payload, enqueued_at)
            VALUES (@a, @id, @m, @p, @now)
            ON CONFLICT (address, message_id) DO NOTHING
            """, cancellationToken, ("a", address), ("id", message.MessageId), ("m", message.Manifest), ("p", message.Payload), ("now", NowMs)).ConfigureAwait(false);
        var signal = new ClusterSignal(ClusterSignalKind.NodeMessage, "", 0, address);
        await SignalAsync(connection, transaction, signal, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        AfterSignalCommitted(signal);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredMessage>> FetchNodeMessagesAsync(string address, long afterSequence, int maxCount, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, $"""
            SELECT i.seq, CAST('' AS TEXT), i.message_id, i.manifest, i.payload, i.enqueued_at
            FROM cluster_node_inbox i
            WHERE i.address = @a AND i.seq > @after
            ORDER BY i.seq
            LIMIT @n{InboxReadLockClause}
            """, ("a", address), ("after", afterSequence), ("n", maxCount));
        return await ReadMessagesAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task AckNodeMessagesAsync(string address, IReadOnlyCollection<long> sequences, CancellationToken cancellationToken) =>
        DeleteSequencesAsync("cluster_node_inbox", "address", address, sequences, cancellationToken);

    private static async Task<IReadOnlyList<StoredMessage>> ReadMessagesAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var messages = new List<StoredMessage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            messages.Add(new StoredMessage(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5))));
        }

        return messages;
    }

    /// <summary>Deletes inbox rows by sequence, in chunks of parameterized IN lists.</summary>
    private async Task DeleteSequencesAsync(string table, string keyColumn, string key, IReadOnlyCollection<long> sequences, CancellationToken cancellationToken)
    {
        if (sequences.Count == 0)
        {
            return;
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (var chunk in sequences.Chunk(200))
        {
            var sql = new StringBuilder().Append(CultureInfo.InvariantCulture, $"DELETE FROM {table} WHERE {keyColumn} = @k AND seq IN (");
            var parameters = new List<(string, object?)> { ("k", key) };
            for (var i = 0; i < chunk.Length; i++)
            {
                sql.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"@s{i}");
                parameters.Add(($"s{i}", chunk[i]));
            }

            sql.Append(')');
            await ExecuteAsync(connection, null, sql.ToString(), cancellationToken, [.. parameters]).ConfigureAwait(false);
        }
    }

    // ---- Singletons ----

    /// <inheritdoc />
    public async Task<bool> TryAcquireSingletonAsync(string name, string address, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await BeginCoordinationAsync(connection, cancellationToken).ConfigureAwait(false);
        var holder = await ScalarAsync(connection, transaction, "SELECT holder FROM cluster_singletons WHERE name = @n", cancellationToken, ("n", name)).ConfigureAwait(false) as string;
        bool acquired;
        if (holder == address)
        {
            acquired = true;
        }
        else
        {
            var holderStatus = holder is null
                ? null
                : await ScalarAsync(connection, transaction, "SELECT status FROM cluster_members WHERE address = @a", cancellationToken, ("a", holder)).ConfigureAwait(false) as string;
            acquired = holderStatus is not ("up" or "leaving");
            if (acquired)
            {
                await ExecuteAsync(connection, transaction, """
                    INSERT INTO cluster_singletons (name, holder, epoch, acquired_at) VALUES (@n, @a, 1, @now)
                    ON CONFLICT (name) DO UPDATE SET holder = @a, epoch = cluster_singletons.epoch + 1, acquired_at = @now
                    """, cancellationToken, ("n", name), ("a", address), ("now", NowMs)).ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return acquired;
    }

    /// <inheritdoc />
    public async Task ReleaseSingletonAsync(string name, string address, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, "DELETE FROM cluster_singletons WHERE name = @n AND holder = @a", cancellationToken, ("n", name), ("a", address)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<string?> GetSingletonHolderAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ScalarAsync(connection, null, "SELECT holder FROM cluster_singletons WHERE name = @n", cancellationToken, ("n", name)).ConfigureAwait(false) as string;
    }

    // ---- Remembered entities ----

    /// <inheritdoc />
    public async Task RememberEntityAsync(string entityType, int shard, string entityId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null,
            "INSERT INTO cluster_remembered_entities (entity_type, shard, entity_id) VALUES (@t, @s, @e) ON CONFLICT DO NOTHING",
            cancellationToken, ("t", entityType), ("s", shard), ("e", entityId)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task ForgetEntityAsync(string entityType, int shard, string entityId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null,
            "DELETE FROM cluster_remembered_entities WHERE entity_type = @t AND shard = @s AND entity_id = @e",
            cancellationToken, ("t", entityType), ("s", shard), ("e", entityId)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> GetRememberedEntitiesAsync(string entityType, int shard, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null,
            "SELECT entity_id FROM cluster_remembered_entities WHERE entity_type = @t AND shard = @s ORDER BY entity_id",
            ("t", entityType), ("s", shard));
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    // ---- ADO.NET helpers ----

    /// <summary>A command with named parameters (null becomes DBNull).</summary>
    protected static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            if (value is null)
            {
                // An untyped NULL parameter; PostgreSQL needs to know it is text to compare it.
                parameter.DbType = DbType.String;
            }

            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>Runs a statement; returns the number of rows it changed.</summary>
    protected static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a query; returns the first column of the first row.</summary>
    protected static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }
}
