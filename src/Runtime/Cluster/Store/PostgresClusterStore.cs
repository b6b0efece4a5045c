using System.Data.Common;
using System.Globalization;
using Npgsql;

namespace PoseCluster.Runtime.Cluster.Store;

/// <summary>
/// The cluster store in PostgreSQL, for many nodes: coordination rounds serialize on a transaction
/// advisory lock, schema migration on a session advisory lock, inbox reads skip rows another
/// transaction holds, and writers wake readers on every node with NOTIFY (delivered on commit).
/// </summary>
internal sealed class PostgresClusterStore : SqlClusterStore
{
    /// <summary>Channel of every wake-up.</summary>
    internal const string NotifyChannel = "posecluster_cluster";

    // Advisory lock keys: arbitrary constants that name "cluster coordination" and "cluster schema".
    private const long CoordinationLockKey = 0x506f7365_436c7531;
    private const long MigrationLockKey = 0x506f7365_436c7532;

    private const char Separator = '\t';

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _description;

    public PostgresClusterStore(string connectionString, TimeProvider time) : base(time)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        _description = $"postgres://{builder.Host}:{builder.Port}/{builder.Database}";
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    /// <inheritdoc />
    public override bool SignalsAcrossProcesses => true;

    /// <inheritdoc />
    protected override string InboxReadLockClause => " FOR UPDATE OF i SKIP LOCKED";

    /// <inheritdoc />
    protected override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    protected override async ValueTask<DbTransaction> BeginCoordinationAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(@k)", cancellationToken, ("k", CoordinationLockKey)).ConfigureAwait(false);
        return transaction;
    }

    /// <inheritdoc />
    public override async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, "SELECT pg_advisory_lock(@k)", cancellationToken, ("k", MigrationLockKey)).ConfigureAwait(false);
        try
        {
            await MigrateAsync(connection, SchemaSql("BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"), _description, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await ExecuteAsync(connection, null, "SELECT pg_advisory_unlock(@k)", CancellationToken.None, ("k", MigrationLockKey)).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    protected override async ValueTask LockShardInboxAsync(DbConnection connection, DbTransaction transaction, string entityType, int shard, CancellationToken cancellationToken) =>
        // Identity values are taken at insert time but become visible at commit; holding a per-shard
        // lock until commit makes the two orders the same.
        await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(hashtext(@t), @s)", cancellationToken, ("t", entityType), ("s", shard)).ConfigureAwait(false);

    /// <inheritdoc />
    protected override async ValueTask SignalAsync(DbConnection connection, DbTransaction transaction, ClusterSignal signal, CancellationToken cancellationToken)
    {
        // NOTIFY inside the transaction: delivered only if it commits, and once per distinct payload.
        var payload = string.Join(Separator, signal.Kind.ToString(), signal.EntityType, signal.Shard.ToString(CultureInfo.InvariantCulture), signal.Address);
        await ExecuteAsync(connection, transaction, "SELECT pg_notify(@c, @p)", cancellationToken, ("c", NotifyChannel), ("p", payload)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task<IAsyncDisposable> SubscribeAsync(Action<ClusterSignal> onSignal, CancellationToken cancellationToken)
    {
        var listener = new Listener(_dataSource, onSignal);
        await listener.StartAsync(cancellationToken).ConfigureAwait(false);
        return listener;
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync() => await _dataSource.DisposeAsync().ConfigureAwait(false);

    private static ClusterSignal? ParseSignal(string payload)
    {
        var parts = payload.Split(Separator);
        if (parts.Length != 4 || !Enum.TryParse<ClusterSignalKind>(parts[0], out var kind)
            || !int.TryParse(parts[2], CultureInfo.InvariantCulture, out var shard))
        {
            return null;
        }

        return new ClusterSignal(kind, parts[1], shard, parts[3]);
    }

    /// <summary>One connection that LISTENs and forwards notifications; reconnects after a failure.</summary>
    private sealed class Listener(NpgsqlDataSource dataSource, Action<ClusterSignal> onSignal) : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private Task _loop = Task.CompletedTask;

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            // The first LISTEN happens before StartAsync returns, so no signal after it is missed.
            var connection = await ListenAsync(cancellationToken).ConfigureAwait(false);
            _loop = Task.Run(() => LoopAsync(connection), CancellationToken.None);
        }

        private async Task<NpgsqlConnection> ListenAsync(CancellationToken cancellationToken)
        {
            var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            connection.Notification += (_, e) =>
            {
                if (ParseSignal(e.Payload) is { } signal)
                {
                    onSignal(signal);
                }
            };
            await using var command = new NpgsqlCommand($"LISTEN {NotifyChannel}", connection);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }

        private async Task LoopAsync(NpgsqlConnection? connection)
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    connection ??= await ListenAsync(_stop.Token).ConfigureAwait(false);
                    // A reconnect may have missed notifications: a topology signal makes readers look again.
                    await connection.WaitAsync(_stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e) when (e is NpgsqlException or InvalidOperationException or IOException)
                {
                    if (connection is not null)
                    {
                        await connection.DisposeAsync().ConfigureAwait(false);
                        connection = null;
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(500), CancellationToken.None).ConfigureAwait(false);
                    onSignal(new ClusterSignal(ClusterSignalKind.Topology, "", 0, ""));
                }
            }

            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            await _loop.ConfigureAwait(false);
            _stop.Dispose();
        }
    }
}
