using System.Data.Common;
using System.Globalization;

namespace PoseCluster.Storage.Registry;

/// <summary>
/// The SQL registry of ARCHITECTURE §5 (datasets, corpus versions, sequences, shards, experiments,
/// attempts, metrics, checkpoints) on SQLite (embedded default) or PostgreSQL, with the same
/// migrations and statements on both. Every statement is parameterized; database errors surface
/// as <see cref="RegistryException"/> with <see cref="StorageException.IsTransient"/> set for those
/// worth retrying. A registry whose schema is newer than this build is refused at open.
/// </summary>
public sealed partial class ExperimentRegistry : IAsyncDisposable
{
    private readonly RegistryDialect dialect;
    private readonly TimeProvider time;

    private ExperimentRegistry(RegistryDialect dialect, TimeProvider time)
    {
        this.dialect = dialect;
        this.time = time;
    }

    /// <summary>sqlite or postgres.</summary>
    public string Dialect => dialect.Name;

    /// <summary>Where the database is (no password).</summary>
    public string Location => dialect.Location;

    /// <summary>
    /// Opens the registry at <paramref name="url"/> (<c>sqlite:PATH</c> or <c>postgres://user:pw@host:port/db</c>),
    /// applying pending migrations under a lock when <paramref name="migrate"/> is true.
    /// </summary>
    public static async Task<ExperimentRegistry> OpenAsync(string url, bool migrate, CancellationToken cancellationToken, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        RegistryDialect dialect;
        if (url.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            var path = url["sqlite:".Length..];
            if (path.Length == 0)
            {
                throw new RegistryUrlException(url, "the SQLite file path is missing (sqlite:PATH)");
            }

            dialect = new SqliteDialect(path);
        }
        else if (url.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            dialect = new PostgresDialect(PostgresDialect.ConnectionStringFromUrl(url));
        }
        else
        {
            throw new RegistryUrlException(url, "expected sqlite:PATH or postgres://user:password@host:port/database");
        }

        return await OpenAsync(dialect, migrate, time ?? TimeProvider.System, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Opens a PostgreSQL registry from an Npgsql connection string (tests, tools).</summary>
    internal static Task<ExperimentRegistry> OpenPostgresAsync(string connectionString, bool migrate, CancellationToken cancellationToken) =>
        OpenAsync(new PostgresDialect(connectionString), migrate, TimeProvider.System, cancellationToken);

    private static async Task<ExperimentRegistry> OpenAsync(RegistryDialect dialect, bool migrate, TimeProvider time, CancellationToken cancellationToken)
    {
        var registry = new ExperimentRegistry(dialect, time);
        try
        {
            if (migrate)
            {
                await registry.MigrateAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await registry.StatusAsync(cancellationToken).ConfigureAwait(false);
            }

            return registry;
        }
        catch
        {
            await registry.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Applies every pending migration in one transaction under the migration lock; returns the versions applied.</summary>
    public Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<int>>("migrate", async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            if (dialect.MigrationLockStatement is { } lockStatement)
            {
                await ExecuteAsync(connection, transaction, lockStatement, cancellationToken).ConfigureAwait(false);
            }

            await ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)", cancellationToken).ConfigureAwait(false);
            var current = await SchemaVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            RefuseNewer(current);
            var applied = new List<int>();
            foreach (var migration in RegistryMigration.All.Where(m => m.Version > current))
            {
                foreach (var statement in migration.Statements(dialect.IdentityColumn))
                {
                    await ExecuteAsync(connection, transaction, statement, cancellationToken).ConfigureAwait(false);
                }

                await ExecuteAsync(connection, transaction, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @at)", cancellationToken,
                    ("version", migration.Version), ("name", migration.Name), ("at", Now())).ConfigureAwait(false);
                applied.Add(migration.Version);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return applied;
        }, cancellationToken);

    /// <summary>The registry's schema version and applied migrations; refuses a schema newer than this build.</summary>
    public Task<RegistryStatus> StatusAsync(CancellationToken cancellationToken) =>
        RunAsync("read the schema version", async connection =>
        {
            var applied = new List<AppliedMigration>();
            if (await HasMigrationTableAsync(connection, cancellationToken).ConfigureAwait(false))
            {
                await using var command = Command(connection, null, "SELECT version, name, applied_at FROM schema_migrations ORDER BY version");
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    applied.Add(new AppliedMigration(Int(reader, 0), reader.GetString(1), Time(reader, 2)));
                }
            }

            var version = applied.Count == 0 ? 0 : applied.Max(a => a.Version);
            RefuseNewer(version);
            return new RegistryStatus(dialect.Name, dialect.Location, version, RegistryMigration.Latest, applied);
        }, cancellationToken);

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => dialect.DisposeAsync();

    private void RefuseNewer(int version)
    {
        if (version > RegistryMigration.Latest)
        {
            throw new RegistrySchemaTooNewException(dialect.Location, version, RegistryMigration.Latest);
        }
    }

    private async Task<bool> HasMigrationTableAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var sql = dialect.Name == "sqlite"
            ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @name"
            : "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = @name";
        await using var command = Command(connection, null, sql, ("name", "schema_migrations"));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) > 0;
    }

    private static async Task<int> SchemaVersionAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Opens a connection, runs <paramref name="work"/>, and maps database errors to <see cref="RegistryException"/>.</summary>
    private async Task<T> RunAsync<T>(string what, Func<DbConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                return await work(connection).ConfigureAwait(false);
            }
        }
        catch (DbException e)
        {
            throw new RegistryException($"registry {dialect.Location}: {what} failed: {e.Message}", dialect.IsTransient(e), e);
        }
        catch (Exception e) when (e is TimeoutException or IOException or System.Net.Sockets.SocketException)
        {
            throw new RegistryException($"registry {dialect.Location}: {what} failed: {e.Message}", isTransient: true, e);
        }
    }

    private Task RunAsync(string what, Func<DbConnection, Task> work, CancellationToken cancellationToken) =>
        RunAsync<bool>(what, async connection =>
        {
            await work(connection).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<List<T>> QueryAsync<T>(DbConnection connection, string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    private static int Int(DbDataReader reader, int column) => Convert.ToInt32(reader.GetValue(column), CultureInfo.InvariantCulture);

    private static long Long(DbDataReader reader, int column) => Convert.ToInt64(reader.GetValue(column), CultureInfo.InvariantCulture);

    private static double Double(DbDataReader reader, int column) => Convert.ToDouble(reader.GetValue(column), CultureInfo.InvariantCulture);

    private static string? Text(DbDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    private static DateTimeOffset Time(DbDataReader reader, int column) => DateTimeOffset.FromUnixTimeMilliseconds(Long(reader, column));

    private static DateTimeOffset? OptionalTime(DbDataReader reader, int column) => reader.IsDBNull(column) ? null : Time(reader, column);
}
