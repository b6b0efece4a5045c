using System.Diagnostics;
using System.Text.Json;

namespace PoseCluster.Host.Tests.Cli;

/// <summary>The real executable in its own process: exit codes and streams as a shell sees them.</summary>
public sealed class ExecutableTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("posecluster-exe-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "posecluster.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    [Fact]
    public async Task Config_show_json_from_the_executable_is_valid_json()
    {
        var (code, output, _) = await RunAsync("config", "show", "--json");
        Assert.Equal(0, code);
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(output).RootElement.GetProperty("posecluster").ValueKind);
    }

    [Fact]
    public async Task A_broken_config_makes_the_process_exit_2_with_file_line_column_on_stderr()
    {
        var file = Path.Combine(_dir, "broken.conf");
        await File.WriteAllTextAsync(file, "a = [1, 2\n");
        var (code, output, error) = await RunAsync("config", "show", "--config", file);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains("broken.conf:2:1: unterminated array", error, StringComparison.Ordinal);
    }
}
