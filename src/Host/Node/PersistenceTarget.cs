using System.Data.Common;
using System.Globalization;
using LinqToDB;
using Microsoft.Data.Sqlite;
using Npgsql;
using PoseCluster.Configuration;

namespace PoseCluster.Host.Node;

/// <summary>
/// Where Akka.Persistence.Sql keeps journal and snapshots: a linq2db provider name and its connection
/// string, read from <c>posecluster.persistence.url</c>.
/// </summary>
/// <param name="ProviderName">linq2db provider: <c>SQLite.MS</c> (Microsoft.Data.Sqlite) or <c>PostgreSQL.15</c> (Npgsql).</param>
/// <param name="ConnectionString">ADO.NET connection string.</param>
/// <param name="SqliteFile">The database file when the provider is SQLite, else null.</param>
internal sealed record PersistenceTarget(string ProviderName, string ConnectionString, string? SqliteFile)
{
    /// <summary>The provider of Microsoft.Data.Sqlite. "SQLite" and "SQLite.Classic" look for System.Data.SQLite and hang (PLATFORM.md).</summary>
    public const string SqliteProvider = "SQLite.MS";

    /// <summary>The provider of Npgsql against PostgreSQL 15 and later.</summary>
    public const string PostgresProvider = "PostgreSQL.15";

    /// <summary>How long an SQLite statement waits for the database's write lock before it fails (seconds).</summary>
    private const int SqliteTimeoutSeconds = 60;

    /// <summary>
    /// Parses <c>sqlite:PATH</c> (relative to the working folder), <c>postgres://user:password@host:port/db</c>
    /// or <c>postgres:</c> followed by an Npgsql connection string.
    /// </summary>
    public static PersistenceTarget Parse(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.StartsWith("sqlite:", StringComparison.Ordinal))
        {
            var file = Path.GetFullPath(url["sqlite:".Length..]);
            // A generous timeout: journal, snapshots and sharding's stores write at once (see AkkaDataOptions).
            var connection = new SqliteConnectionStringBuilder { DataSource = file, DefaultTimeout = SqliteTimeoutSeconds, Pooling = true };
            return new PersistenceTarget(SqliteProvider, connection.ToString(), file);
        }

        if (url.StartsWith("postgres://", StringComparison.Ordinal) || url.StartsWith("postgresql://", StringComparison.Ordinal))
        {
            return new PersistenceTarget(PostgresProvider, FromUri(url), null);
        }

        if (url.StartsWith("postgres:", StringComparison.Ordinal))
        {
            var text = url["postgres:".Length..];
            try
            {
                return new PersistenceTarget(PostgresProvider, new NpgsqlConnectionStringBuilder(text).ConnectionString, null);
            }
            catch (ArgumentException e)
            {
                throw new ConfigurationException($"posecluster.persistence.url: not an Npgsql connection string after 'postgres:' ({e.Message})");
            }
        }

        throw new ConfigurationException($"posecluster.persistence.url = {url}: expected sqlite:PATH, postgres://user:password@host:port/database or postgres:CONNECTION-STRING");
    }

    /// <summary>
    /// Readies an SQLite database before Akka opens it: its folder (posecluster.home on a fresh machine)
    /// and write-ahead logging, which the file keeps (one fsync per commit instead of a rollback journal's
    /// several: the journal commits once per persisted batch). Nothing to do for PostgreSQL.
    /// </summary>
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        if (SqliteFile is null)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(SqliteFile)!);
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The connection options Akka.Persistence.Sql (linq2db) opens its connections with, or null to let it build
    /// them from provider-name and connection-string (PostgreSQL). An SQLite connection gets SQLite's own busy
    /// timeout: when journal, snapshot store and sharding's stores write at once, the second writer then waits in
    /// SQLite (a few milliseconds, polled finely) until the first commits. Without it Microsoft.Data.Sqlite
    /// answers SQLITE_BUSY itself with a 150 ms sleep per collision, and the pipeline's persisted steps queue
    /// behind those sleeps.
    /// </summary>
    public DataOptions? AkkaDataOptions() =>
        SqliteFile is null
            ? null
            : new DataOptions().UseConnectionString(ProviderName, ConnectionString).UseAfterConnectionOpened(SetBusyTimeout, SetBusyTimeoutAsync);

    private static void SetBusyTimeout(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = BusyTimeoutPragma;
        command.ExecuteNonQuery();
    }

    private static async Task SetBusyTimeoutAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = BusyTimeoutPragma;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string BusyTimeoutPragma => string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {SqliteTimeoutSeconds * 1000}");

    private static string FromUri(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.AbsolutePath.Length <= 1)
        {
            throw new ConfigurationException($"posecluster.persistence.url = {Redacted(url)}: expected postgres://user:password@host:port/database");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
        };
        var credentials = uri.UserInfo.Split(':', 2);
        if (credentials[0].Length > 0)
        {
            builder.Username = Uri.UnescapeDataString(credentials[0]);
        }

        if (credentials.Length == 2)
        {
            builder.Password = Uri.UnescapeDataString(credentials[1]);
        }

        return builder.ConnectionString;
    }

    // Error messages never echo a password.
    private static string Redacted(string url) => url.Contains('@', StringComparison.Ordinal) ? "postgres://***@" + url[(url.LastIndexOf('@') + 1)..] : url;
}
