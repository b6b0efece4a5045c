using System.Diagnostics;

namespace PoseCluster.Testing;

/// <summary>Runs a node script of tools/&lt;folder&gt;, installing its npm packages first when they are missing.</summary>
internal static class NodeScript
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    public static async Task EnsureInstalledAsync(string folder)
    {
        var tool = Tool(folder);
        await InstallLock.WaitAsync();
        try
        {
            if (!Directory.Exists(Path.Combine(tool, "node_modules")))
            {
                await RunAsync(tool, "npm", ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5));
            }
        }
        finally
        {
            InstallLock.Release();
        }
    }

    public static async Task<string> RunAsync(string folder, string script, params string[] arguments)
    {
        await EnsureInstalledAsync(folder);
        return await RunAsync(Tool(folder), "node", [script, .. arguments], TimeSpan.FromMinutes(2));
    }

    /// <summary>tools/&lt;folder&gt; of the checkout.</summary>
    public static string Tool(string folder) => Path.Combine(RepositoryRoot.Find(), "tools", folder);

    private static async Task<string> RunAsync(string workingDirectory, string program, string[] arguments, TimeSpan limit)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited {process.ExitCode}: {await error}");
        }

        return await output;
    }
}
