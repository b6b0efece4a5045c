using System.Text.Json;

namespace PoseCluster.Host.Tests.Cli;

public sealed class ConfigCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("posecluster-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Config_show_json_prints_the_merged_reference_configuration_as_valid_json()
    {
        var result = await CliRunner.RunAsync("config", "show", "--json");
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal(16, json.RootElement.GetProperty("posecluster").GetProperty("windows").GetProperty("length").GetInt32());
    }

    [Fact]
    public async Task A_config_file_overrides_reference_and_the_environment_overrides_both()
    {
        var file = Path.Combine(_dir, "user.conf");
        await File.WriteAllTextAsync(file, "posecluster.windows { length = 24, stride = 8 }");
        var env = new Dictionary<string, string> { ["POSECLUSTER__windows__stride"] = "4" };
        var result = await CliRunner.RunAsync(env, "config", "show", "--config", file, "--json");
        Assert.Equal(0, result.ExitCode);
        var windows = JsonDocument.Parse(result.Out).RootElement.GetProperty("posecluster").GetProperty("windows");
        Assert.Equal(24, windows.GetProperty("length").GetInt32());
        Assert.Equal(4, windows.GetProperty("stride").GetInt32());
    }

    [Fact]
    public async Task A_broken_config_exits_2_naming_file_line_and_column_on_stderr()
    {
        var file = Path.Combine(_dir, "broken.conf");
        await File.WriteAllTextAsync(file, "posecluster {\n  home = \"unterminated\n}\n");
        var result = await CliRunner.RunAsync("config", "show", "--config", file);
        Assert.Equal(2, result.ExitCode);
        Assert.Matches(@"^error: \S*broken\.conf:2:23: unterminated string", result.Error);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task A_missing_config_file_exits_2()
    {
        var result = await CliRunner.RunAsync("config", "show", "--config", Path.Combine(_dir, "absent.conf"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("absent.conf", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_without_json_prints_hocon_that_parses_back_to_the_same_configuration()
    {
        var hocon = await CliRunner.RunAsync("config", "show");
        var json = await CliRunner.RunAsync("config", "show", "--json");
        var reparsed = PoseCluster.Configuration.Config.Parse(hocon.Out).ToJson();
        Assert.Equal(json.Out.Trim(), reparsed.Trim());
    }
}
