using Npgsql;
using PoseCluster.Runtime.Cluster;

namespace PoseCluster.Runtime.Tests.Cluster;

/// <summary>The cluster store contract on PostgreSQL: one database per suite, one schema per test.</summary>
public sealed class PostgresClusterStoreTests : ClusterStoreContractTests, IClassFixture<PostgresClusterStoreTests.Database>
{
    private readonly Database _database;
    private readonly string _schema = $"t_{Guid.NewGuid():N}";

    public PostgresClusterStoreTests(Database database) => _database = database;

    protected override IClusterStore OpenStore() =>
        ClusterStores.Open("postgres:" + new NpgsqlConnectionStringBuilder(_database.ConnectionString) { SearchPath = _schema }.ConnectionString, Time);

    protected override async Task CreateDatabaseAsync()
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE SCHEMA {_schema}", connection);
        await create.ExecuteNonQueryAsync();
    }

    protected override async Task DropDatabaseAsync()
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA {_schema} CASCADE", connection);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>The suite's database, created once and dropped at the end.</summary>
    public sealed class Database : IAsyncLifetime
    {
        public string ConnectionString { get; private set; } = "";

        public async Task InitializeAsync() => ConnectionString = await TestPostgres.CreateDatabaseAsync("store_contract");

        public Task DisposeAsync() => TestPostgres.DropDatabaseAsync(ConnectionString);
    }
}
