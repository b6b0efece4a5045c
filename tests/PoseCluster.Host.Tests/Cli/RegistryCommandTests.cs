using System.Text.Json;

namespace PoseCluster.Host.Tests.Cli;

public sealed class RegistryCommandTests
{
    private static string NewRegistryPath() =>
        Path.Combine(Path.GetTempPath(), "posecluster-host-tests", Guid.NewGuid().ToString("N"), "registry.db");

    [Fact]
    public async Task Migrate_then_status_report_the_latest_schema_version_as_json()
    {
        var url = "sqlite:" + NewRegistryPath();

        var before = await CliRunner.RunAsync("registry", "status", "--registry", url, "--json");
        var migrate = await CliRunner.RunAsync("registry", "migrate", "--registry", url, "--json");
        var again = await CliRunner.RunAsync("registry", "migrate", "--registry", url);
        var after = await CliRunner.RunAsync("registry", "status", "--registry", url, "--json");

        Assert.Equal(0, before.ExitCode);
        Assert.Equal(0, JsonDocument.Parse(before.Out).RootElement.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(0, migrate.ExitCode);
        Assert.Equal([1, 2], JsonDocument.Parse(migrate.Out).RootElement.GetProperty("appliedNow").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Contains("up to date", again.Out, StringComparison.Ordinal);
        var status = JsonDocument.Parse(after.Out).RootElement;
        Assert.Equal("sqlite", status.GetProperty("dialect").GetString());
        Assert.Equal(2, status.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(0, status.GetProperty("pending").GetInt32());
    }

    [Fact]
    public async Task The_registry_defaults_to_posecluster_registry_url()
    {
        var path = NewRegistryPath();
        var environment = new Dictionary<string, string> { ["POSECLUSTER__registry__url"] = "sqlite:" + path };

        var result = await CliRunner.RunAsync(environment, "registry", "migrate");

        Assert.Equal(0, result.ExitCode);
        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task An_unknown_registry_url_is_bad_input()
    {
        var result = await CliRunner.RunAsync("registry", "status", "--registry", "mysql://somewhere/db");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("mysql://somewhere/db", result.Error, StringComparison.Ordinal);
    }
}
