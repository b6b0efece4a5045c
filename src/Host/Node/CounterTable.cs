using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using PoseCluster.Runtime.Cluster;

namespace PoseCluster.Host.Node;

/// <summary>
/// The demo counters' durable state, in the cluster store's own database: one row per counter and one
/// per applied message id. Applying is one transaction that records the message id first, so a message
/// delivered twice (at-least-once) is counted once.
/// </summary>
internal sealed class CounterTable : IAsyncDisposable
{
    private readonly NpgsqlDataSource? _postgres;
    private readonly string? _sqlite;

    public CounterTable(string storeUrl)
    {
        if (storeUrl.StartsWith("sqlite:", StringComparison.Ordinal))
        {
            _sqlite = new SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(storeUrl["sqlite:".Length..]), DefaultTimeout = 60, Pooling = true }.ToString();
        }
        else
        {
            _postgres = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(ClusterStores.PostgresConnectionString(storeUrl)) { MaxPoolSize = 20 });
        }
    }

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }

        var connection = new SqliteConnection(_sqlite);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await Execute(connection, null, "PRAGMA busy_timeout = 60000").ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    /// <summary>Creates the tables if they are missing (several nodes may do this at once).</summary>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (_postgres is not null)
        {
            // CREATE TABLE IF NOT EXISTS can still collide when two nodes run it at the same moment.
            await using var lockCommand = Execute(connection, transaction, "SELECT pg_advisory_xact_lock(hashtext('posecluster.demo_counters'))");
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var create = Execute(connection, transaction, """
            CREATE TABLE IF NOT EXISTS demo_counters (entity_id TEXT PRIMARY KEY, value BIGINT NOT NULL);
            CREATE TABLE IF NOT EXISTS demo_counter_applied (entity_id TEXT NOT NULL, message_id TEXT NOT NULL, PRIMARY KEY (entity_id, message_id));
            """);
        await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds <paramref name="amount"/> unless <paramref name="messageId"/> was applied before; true if it was applied now.</summary>
    public async Task<bool> ApplyAsync(string entityId, string messageId, int amount, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var record = Execute(connection, transaction,
            "INSERT INTO demo_counter_applied (entity_id, message_id) VALUES (@e, @m) ON CONFLICT DO NOTHING", ("e", entityId), ("m", messageId));
        if (await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            return false;
        }

        await using var add = Execute(connection, transaction, """
            INSERT INTO demo_counters (entity_id, value) VALUES (@e, @a)
            ON CONFLICT (entity_id) DO UPDATE SET value = demo_counters.value + @a
            """, ("e", entityId), ("a", (long)amount));
        await add.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Every counter's value.</summary>
    public async Task<IReadOnlyDictionary<string, long>> ReadAllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Execute(connection, null, "SELECT entity_id, value FROM demo_counters");
        var values = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            values[reader.GetString(0)] = reader.GetInt64(1);
        }

        return values;
    }

    private static DbCommand Execute(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync().ConfigureAwait(false);
        }
    }
}
