using PoseCluster.Runtime.Cluster;

namespace PoseCluster.Runtime.Tests.Cluster;

/// <summary>The cluster store contract on a SQLite file of the test's own.</summary>
public sealed class SqliteClusterStoreTests : ClusterStoreContractTests
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"posecluster-store-{Guid.NewGuid():N}");

    protected override IClusterStore OpenStore() => ClusterStores.Open($"sqlite:{Path.Combine(_folder, "cluster.db")}", Time);

    protected override Task CreateDatabaseAsync() => Task.CompletedTask;

    protected override Task DropDatabaseAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }
}
