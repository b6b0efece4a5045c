using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace PoseCluster.Runtime.Cluster.Store;

/// <summary>
/// The cluster store in one SQLite file: one machine, durable across restarts. WAL lets readers
/// run beside the writer; every transaction begins IMMEDIATE so writers queue on the busy timeout
/// instead of failing on a lock upgrade. Other processes' writes are seen by polling.
/// </summary>
internal sealed class SqliteClusterStore : SqlClusterStore
{
    private readonly string _connectionString;
    private readonly string _path;

    // Callbacks of this process's subscribers; guarded by itself.
    private readonly List<Action<ClusterSignal>> _subscribers = [];

    public SqliteClusterStore(string path, TimeProvider time) : base(time)
    {
        _path = Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Pooling = true,
            DefaultTimeout = 60,
        }.ToString();
    }

    /// <inheritdoc />
    public override bool SignalsAcrossProcesses => false;

    /// <inheritdoc />
    protected override string InboxReadLockClause => "";

    /// <inheritdoc />
    protected override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, null, "PRAGMA busy_timeout = 60000; PRAGMA synchronous = NORMAL;", cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    protected override async ValueTask<DbTransaction> BeginCoordinationAsync(DbConnection connection, CancellationToken cancellationToken) =>
        // BEGIN IMMEDIATE takes the database's write lock: coordination rounds run one at a time.
        await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public override async Task InitializeAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL", cancellationToken).ConfigureAwait(false);
        await MigrateAsync(connection, SchemaSql("INTEGER PRIMARY KEY AUTOINCREMENT"), _path, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override ValueTask LockShardInboxAsync(DbConnection connection, DbTransaction transaction, string entityType, int shard, CancellationToken cancellationToken) =>
        // Every SQLite transaction here is IMMEDIATE: writers are already serialized.
        ValueTask.CompletedTask;

    /// <inheritdoc />
    protected override ValueTask SignalAsync(DbConnection connection, DbTransaction transaction, ClusterSignal signal, CancellationToken cancellationToken) =>
        ValueTask.CompletedTask;

    /// <inheritdoc />
    protected override void AfterSignalCommitted(ClusterSignal signal)
    {
        Action<ClusterSignal>[] subscribers;
        lock (_subscribers)
        {
            subscribers = [.. _subscribers];
        }

        foreach (var subscriber in subscribers)
        {
            subscriber(signal);
        }
    }

    /// <inheritdoc />
    public override Task<IAsyncDisposable> SubscribeAsync(Action<ClusterSignal> onSignal, CancellationToken cancellationToken)
    {
        lock (_subscribers)
        {
            _subscribers.Add(onSignal);
        }

        return Task.FromResult<IAsyncDisposable>(new Subscription(this, onSignal));
    }

    private sealed class Subscription(SqliteClusterStore store, Action<ClusterSignal> callback) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            lock (store._subscribers)
            {
                store._subscribers.Remove(callback);
            }

            return ValueTask.CompletedTask;
        }
    }
}
