using Microsoft.Data.Sqlite;
using PoseCluster.Storage.Registry;

namespace PoseCluster.Storage.Tests.Registry;

public sealed class SqliteRegistryTests : RegistryContract
{
    private readonly string folder = TestPaths.NewTemporaryFolder();

    protected override Task<TestDatabase> NewDatabaseAsync()
    {
        var path = Path.Combine(folder, Guid.NewGuid().ToString("N"), "registry.db");
        return Task.FromResult(new TestDatabase(
            migrate => ExperimentRegistry.OpenAsync("sqlite:" + path, migrate, CancellationToken.None),
            async sql =>
            {
                await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                await command.ExecuteNonQueryAsync();
            }));
    }

    [Theory]
    [InlineData("mysql://x/y")]
    [InlineData("sqlite:")]
    [InlineData("postgres://user@host:5432/")]
    public async Task A_registry_url_of_another_kind_is_a_registry_url_error(string url)
    {
        await Assert.ThrowsAsync<RegistryUrlException>(() => ExperimentRegistry.OpenAsync(url, false, CancellationToken.None));
    }
}
