using System.Data.Common;

namespace PoseCluster.Storage.Registry;

/// <summary>What differs between SQLite and PostgreSQL; everything else (SQL, repositories) is shared.</summary>
internal abstract class RegistryDialect : IAsyncDisposable
{
    /// <summary>"sqlite" or "postgres".</summary>
    public abstract string Name { get; }

    /// <summary>Where the database is, for messages (never with a password).</summary>
    public abstract string Location { get; }

    /// <summary>The column definition of an auto-increment primary key ({{id}} in migrations).</summary>
    public abstract string IdentityColumn { get; }

    /// <summary>Run inside the migration transaction to keep concurrent migrators out; null when beginning the transaction already locks.</summary>
    public abstract string? MigrationLockStatement { get; }

    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>True for failures a retry may cure: lock contention, a lost connection, a server restart.</summary>
    public abstract bool IsTransient(Exception exception);

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
