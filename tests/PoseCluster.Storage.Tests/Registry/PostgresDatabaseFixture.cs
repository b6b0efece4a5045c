using System.Diagnostics;
using Npgsql;

namespace PoseCluster.Storage.Tests.Registry;

/// <summary>
/// A uniquely named PostgreSQL database for one test class, on the test cluster of
/// POSECLUSTER_TEST_POSTGRES (or of tools/test-postgres.sh when that is unset); dropped afterwards.
/// </summary>
public sealed class PostgresDatabaseFixture : IAsyncLifetime
{
    private string adminConnectionString = "";
    private string database = "";

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        adminConnectionString = Environment.GetEnvironmentVariable("POSECLUSTER_TEST_POSTGRES") is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : await StartTestClusterAsync();
        database = "posecluster_storage_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(adminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
            await create.ExecuteNonQueryAsync();
        }

        ConnectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = database }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(adminConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    private static async Task<string> StartTestClusterAsync()
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(TestPaths.RepositoryRoot, "tools", "test-postgres.sh"));
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not run tools/test-postgres.sh");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"tools/test-postgres.sh failed ({process.ExitCode}): {await error}");
        }

        return (await output).Trim();
    }
}
