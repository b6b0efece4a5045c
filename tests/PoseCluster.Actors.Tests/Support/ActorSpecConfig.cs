using Akka.Persistence.Sql;
using Microsoft.Data.Sqlite;
using PoseCluster.Configuration;
using PoseCluster.Testing;
using AkkaConfig = Akka.Configuration.Config;

namespace PoseCluster.Actors.Tests.Support;

/// <summary>
/// The one helper that builds an actor spec's Akka configuration: the akka section of reference.conf
/// (our serializer bindings, persistence plugins) resolved by our parser, on a local provider, with a
/// journal and snapshot store on a SQLite file of the spec's own (PLATFORM.md: one file per test; in
/// WAL mode like the node's),
/// every message serialized even between local actors (so a message that would not cross nodes fails
/// here), and generous TestKit timeouts (the first write creates the journal's tables, which took over
/// 10 s while six test projects ran at once), stretched by POSECLUSTER_TEST_TIMEFACTOR on slow machines.
/// </summary>
internal static class ActorSpecConfig
{
    /// <summary>Configuration for a spec whose journal lives in <paramref name="sqliteFile"/>.</summary>
    public static AkkaConfig Create(string sqliteFile)
    {
        var timeFactor = Environment.GetEnvironmentVariable("POSECLUSTER_TEST_TIMEFACTOR") ?? "1.0";
        var connection = new SqliteConnectionStringBuilder { DataSource = sqliteFile, DefaultTimeout = 60, Pooling = false }.ToString();
        using (var sqlite = new SqliteConnection(connection))
        {
            sqlite.Open();
            using var wal = sqlite.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode = WAL";
            wal.ExecuteNonQuery();
        }

        var ours = new ConfigBuilder(_ => null)
            .AddFile(RepositoryRoot.ReferenceConf())
            .AddText($$"""
                akka {
                  actor.provider = local
                  actor.serialize-messages = on
                  loglevel = WARNING
                  test { timefactor = {{timeFactor}}, single-expect-default = 30s }
                  persistence.journal.sql { provider-name = "SQLite.MS", connection-string = {{Config.Quote(connection)}} }
                  persistence.snapshot-store.sql { provider-name = "SQLite.MS", connection-string = {{Config.Quote(connection)}} }
                }
                """)
            .Build();
        return Akka.Configuration.ConfigurationFactory.ParseString("akka " + ours.GetConfig("akka").ToHocon())
            .WithFallback(SqlPersistence.DefaultConfiguration);
    }

    /// <summary>A fresh SQLite file path in the temporary folder.</summary>
    public static string NewSqliteFile() => Path.Combine(Path.GetTempPath(), $"posecluster-spec-{Guid.NewGuid():N}.db");
}
