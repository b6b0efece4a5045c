using LinqToDB.Data;
using Microsoft.Data.Sqlite;
using PoseCluster.Host.Node;

namespace PoseCluster.Host.Tests.Node;

/// <summary>
/// The connections Akka.Persistence.Sql opens on an SQLite journal: SQLite's own busy timeout is set on each, so
/// a writer that finds the database locked waits for the commit instead of failing into Microsoft.Data.Sqlite's
/// 150 ms retry sleep.
/// </summary>
public sealed class PersistenceTargetTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("posecluster-persistence-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task An_sqlite_connection_of_the_journal_waits_in_sqlite_for_a_locked_database()
    {
        var target = PersistenceTarget.Parse("sqlite:" + Path.Combine(_dir, "akka.db"));
        await target.PrepareAsync(CancellationToken.None);
        var options = target.AkkaDataOptions()!;

        // Both ways linq2db opens a connection set it.
        using (var sync = new DataConnection(options))
        {
            Assert.Equal(60_000L, sync.Execute<long>("PRAGMA busy_timeout"));
        }

        await using var connection = new DataConnection(options);
        Assert.Equal(60_000L, await connection.ExecuteAsync<long>("PRAGMA busy_timeout"));
        await connection.ExecuteAsync("CREATE TABLE t (x INTEGER)");

        // A second writer while the first holds the write lock: it waits (no SQLITE_BUSY) and commits after it.
        await using var holder = new SqliteConnection(target.ConnectionString);
        await holder.OpenAsync();
        await using (var begin = holder.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE; INSERT INTO t VALUES (1);";
            await begin.ExecuteNonQueryAsync();
        }

        var waiting = Task.Run(() => connection.Execute("INSERT INTO t VALUES (2)"));
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted);
        await using (var commit = holder.CreateCommand())
        {
            commit.CommandText = "COMMIT";
            await commit.ExecuteNonQueryAsync();
        }

        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2L, await connection.ExecuteAsync<long>("SELECT count(*) FROM t"));
    }
}
