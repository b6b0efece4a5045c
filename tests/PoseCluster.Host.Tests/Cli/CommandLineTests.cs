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
    public async Task Demo_ingests_raw_data_trains_a_2_rank_experiment_on_its_node_and_reports_the_results()
    {
        var home = Directory.CreateTempSubdirectory("posecluster-demo-").FullName;
        try
        {
            // Fixture scale and a 4-step experiment keep the test quick; `make demo` runs the larger defaults.
            var env = new Dictionary<string, string>
            {
                ["POSECLUSTER__home"] = home,
                ["POSECLUSTER__demo__size"] = "1",
                ["POSECLUSTER__demo__experiment__steps"] = "4",
                ["POSECLUSTER__demo__experiment__checkpoint_every"] = "2",
                ["POSECLUSTER__demo__experiment__eval_every"] = "2",
                ["POSECLUSTER__demo__experiment__eval_clips"] = "8",
                ["POSECLUSTER__http__url"] = $"http://127.0.0.1:{FreePort()}",
            };
            var result = await CliRunner.RunAsync(env, "demo", "--no-serve");
            Assert.True(result.ExitCode == 0, result.Out + result.Error);
            foreach (var kind in new[] { "h36m", "3dhp", "aistpp", "mads" })
            {
                Assert.True(Directory.Exists(Path.Combine(home, "raw", kind)), kind);

                // Each dataset went through the node's endpoint into a corpus version.
                Assert.Matches($@"POST http://127\.0\.0\.1:\d+/api/datasets {kind} -> job j-", result.Out);
                Assert.Matches($@"{kind}: in corpus version v-[0-9a-f]+: \d+ sequences computed", result.Out);
            }

            Assert.NotEmpty(Directory.GetFiles(Path.Combine(home, "objects"), "*.arrow", SearchOption.AllDirectories));
            Assert.True(File.Exists(Path.Combine(home, "registry.db")));
            Assert.Contains("Succeeded step 4/4  attempt 1 (2 ranks)", result.Out, StringComparison.Ordinal);
            Assert.Matches(@"evaluation \((val|test) split\)", result.Out);
            Assert.Matches(@"dashboard: http://127\.0\.0\.1:\d+/\?experiment=e-\d{8}-[0-9a-f]{8}", result.Out);
            Assert.Single(Directory.GetFiles(Path.Combine(home, "objects", "experiments"), "step-00000004.ckpt", SearchOption.AllDirectories));
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
