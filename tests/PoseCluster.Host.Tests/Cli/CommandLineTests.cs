namespace PoseCluster.Host.Tests.Cli;

public sealed class CommandLineTests
{
    [Fact]
    public async Task Help_lists_the_commands_and_exits_0()
    {
        var result = await CliRunner.RunAsync("--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("version", result.Out, StringComparison.Ordinal);
        Assert.Contains("config", result.Out, StringComparison.Ordinal);
        Assert.Contains("demo", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_prints_the_version()
    {
        var result = await CliRunner.RunAsync("version");
        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^posecluster \d+\.\d+\.\d+", result.Out);
    }

    [Theory]
    [InlineData("no-such-command")]
    [InlineData("config", "show", "--no-such-flag")]
    [InlineData("config", "show", "--config")]
    public async Task Bad_flags_and_commands_exit_2_with_the_message_on_stderr(params string[] args)
    {
        var result = await CliRunner.RunAsync(args);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task Demo_generates_raw_data_harmonizes_it_into_shards_and_reports_the_registry()
    {
        var home = Directory.CreateTempSubdirectory("posecluster-demo-").FullName;
        try
        {
            // Fixture scale keeps the test quick; `make demo` runs the larger default.
            var env = new Dictionary<string, string> { ["POSECLUSTER__home"] = home, ["POSECLUSTER__demo__size"] = "1" };
            var result = await CliRunner.RunAsync(env, "demo");
            Assert.True(result.ExitCode == 0, result.Error);
            foreach (var kind in new[] { "h36m", "3dhp", "aistpp", "mads" })
            {
                Assert.True(Directory.Exists(Path.Combine(home, "raw", kind)), kind);
            }

            Assert.Contains("harmonized", result.Out, StringComparison.Ordinal);
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(home, "objects"), "*.arrow", SearchOption.AllDirectories));
            Assert.True(File.Exists(Path.Combine(home, "registry.db")));
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
