using Npgsql;
using PoseCluster.Storage.Registry;

namespace PoseCluster.Storage.Tests.Registry;

/// <summary>The registry contract on real PostgreSQL: each test gets its own schema in the class's own database.</summary>
public sealed class PostgresRegistryTests(PostgresDatabaseFixture postgres) : RegistryContract, IClassFixture<PostgresDatabaseFixture>
{
    protected override async Task<TestDatabase> NewDatabaseAsync()
    {
        var schema = "s_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(postgres.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { SearchPath = schema }.ConnectionString;
        return new TestDatabase(
            migrate => ExperimentRegistry.OpenPostgresAsync(connectionString, migrate, CancellationToken.None),
            async sql =>
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand(sql, connection);
                await command.ExecuteNonQueryAsync();
            });
    }

    [Fact]
    public async Task A_postgres_url_opens_the_same_registry()
    {
        var builder = new NpgsqlConnectionStringBuilder(postgres.ConnectionString);
        var url = $"postgres://{Uri.EscapeDataString(builder.Username!)}:{Uri.EscapeDataString(builder.Password!)}@{builder.Host}:{builder.Port}/{builder.Database}";

        await using var registry = await ExperimentRegistry.OpenAsync(url, true, CancellationToken.None);

        Assert.Equal("postgres", registry.Dialect);
        Assert.DoesNotContain(builder.Password!, registry.Location, StringComparison.Ordinal);
        Assert.Equal(2, (await registry.StatusAsync(CancellationToken.None)).SchemaVersion);
    }

    [Fact]
    public async Task An_unreachable_server_is_a_transient_registry_error()
    {
        var url = $"postgres://nobody:pw@127.0.0.1:{Objects.S3rverFixture.FreePort()}/none?Timeout=2";
        var error = await Assert.ThrowsAsync<RegistryException>(() => ExperimentRegistry.OpenAsync(url, true, CancellationToken.None));
        Assert.True(error.IsTransient);
    }
}
