using System.Diagnostics;
using Npgsql;

namespace PoseCluster.IntegrationTests;

/// <summary>
/// The tests' PostgreSQL: POSECLUSTER_TEST_POSTGRES, or the connection string tools/test-postgres.sh
/// prints (it starts the cluster if needed). Never skipped: without PostgreSQL the tests fail.
/// </summary>
internal static class TestPostgres
{
    private static readonly Lazy<string> ServerConnectionString = new(Find, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Connection string of the server's maintenance database.</summary>
    public static string Server => ServerConnectionString.Value;

    /// <summary>Creates a uniquely named database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 60)].ToLowerInvariant();
        await using var connection = new NpgsqlConnection(Server);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(Server) { Database = name, Pooling = true }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing its connections.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(Server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private static string Find()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("POSECLUSTER_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return fromEnvironment;
        }

        var script = Path.Combine(RepositoryRoot(), "tools", "test-postgres.sh");
        using var process = Process.Start(new ProcessStartInfo(script)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException($"could not start {script}");
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)) || process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} failed: {error}");
        }

        return output.Trim();
    }

    /// <summary>The folder holding PoseCluster.sln, found by walking up from the test binaries.</summary>
    public static string RepositoryRoot()
    {
        return PoseCluster.Testing.RepositoryRoot.Find();
    }
}
