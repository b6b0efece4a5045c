using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace PoseCluster.Storage.Registry;

/// <summary>A registry in one SQLite file (the embedded default): WAL journal, foreign keys on, waits on a busy database.</summary>
internal sealed class SqliteDialect : RegistryDialect
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private readonly string connectionString;

    public SqliteDialect(string path)
    {
        Location = Path.GetFullPath(path);
        connectionString = new SqliteConnectionStringBuilder { DataSource = Location, Pooling = true, DefaultTimeout = 30 }.ToString();
    }

    public override string Name => "sqlite";

    public override string Location { get; }

    public override string IdentityColumn => "INTEGER PRIMARY KEY AUTOINCREMENT";

    // BEGIN IMMEDIATE (Microsoft.Data.Sqlite's default transaction) takes the write lock at once.
    public override string? MigrationLockStatement => null;

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(Location);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000; PRAGMA journal_mode = WAL;";
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public override bool IsTransient(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked };
}
