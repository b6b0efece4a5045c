using Xunit.Abstractions;

namespace PoseCluster.Actors.Tests.Support;

/// <summary>
/// Base of every actor spec: Akka.TestKit.Xunit2 on <see cref="ActorSpecConfig"/>, with a journal on a
/// SQLite file of the spec's own that is deleted after the spec.
/// </summary>
public abstract class ActorSpec : Akka.TestKit.Xunit2.TestKit
{
    private readonly string _journal;

    protected ActorSpec(ITestOutputHelper? output = null) : this(ActorSpecConfig.NewSqliteFile(), output)
    {
    }

    private ActorSpec(string journal, ITestOutputHelper? output) : base(ActorSpecConfig.Create(journal), output: output)
    {
        _journal = journal;
    }

    protected override void AfterAll()
    {
        base.AfterAll();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _journal, _journal + "-wal", _journal + "-shm" })
        {
            File.Delete(file);
        }
    }
}
