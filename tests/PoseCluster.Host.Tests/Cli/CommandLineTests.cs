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
    public async Task Demo_prints_the_configuration_and_the_supported_dataset_kinds()
    {
        var result = await CliRunner.RunAsync("demo");
        Assert.Equal(0, result.ExitCode);
        foreach (var kind in new[] { "h36m", "3dhp", "aistpp", "mads" })
        {
            Assert.Contains(kind, result.Out, StringComparison.Ordinal);
        }

        Assert.Contains("windows", result.Out, StringComparison.Ordinal);
    }
}
