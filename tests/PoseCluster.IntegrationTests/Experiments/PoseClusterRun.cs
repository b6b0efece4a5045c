using System.Diagnostics;

namespace PoseCluster.IntegrationTests.Experiments;

/// <summary>One-off <c>posecluster</c> commands (harmonize, train) as processes of the built posecluster.dll.</summary>
internal static class PoseClusterRun
{
    /// <summary>Runs <c>posecluster ARGS</c> in <paramref name="folder"/> and returns its exit code and output.</summary>
    public static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string folder, IEnumerable<string> args, TimeSpan limit, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "posecluster.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet posecluster.dll");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"posecluster {string.Join(' ', start.ArgumentList.Skip(1))} did not finish within {limit.TotalSeconds:0} s:\n{await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>
    /// Harmonizes the committed fixtures (tests/fixtures/datasets, all four kinds) into 4-frame clips (the tiny
    /// preset's T) in the object store <paramref name="objects"/>, recorded complete in <paramref name="registryUrl"/>;
    /// returns the corpus version.
    /// </summary>
    public static async Task<string> HarmonizeFixturesAsync(string folder, string objects, string registryUrl)
    {
        var fixtures = Path.Combine(TestPostgres.RepositoryRoot(), "tests", "fixtures", "datasets");
        var args = new List<string> { "harmonize" };
        foreach (var kind in new[] { "h36m", "3dhp", "aistpp", "mads" })
        {
            args.AddRange(["--dataset", $"{kind}={Path.Combine(fixtures, kind)}"]);
        }

        args.AddRange(["--out", objects, "--window", "4", "--stride", "4", "--registry", registryUrl]);
        var (code, _, error) = await RunAsync(folder, args, TimeSpan.FromMinutes(3));
        Assert.True(code == 0, $"harmonize exited {code}: {error}");
        return Path.GetFileName(Assert.Single(Directory.GetDirectories(Path.Combine(folder, objects, "corpora"))));
    }
}
