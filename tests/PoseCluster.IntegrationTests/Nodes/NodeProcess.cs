using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace PoseCluster.IntegrationTests.Nodes;

/// <summary>
/// One real <c>posecluster node</c> process (the built posecluster.dll run by <c>dotnet</c>): started with
/// <see cref="NodeOptions"/>, up once it printed <c>node ADDRESS up</c>; stdout and stderr captured for
/// failure messages; SIGKILL, SIGTERM; an HttpClient on its endpoint. Disposing kills it if it still runs.
/// </summary>
internal sealed class NodeProcess : IAsyncDisposable
{
    /// <summary>How long a node may take to join (a loaded 2-core machine, a seed that starts later).</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource _up = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private NodeProcess(NodeOptions options, Process process)
    {
        Options = options;
        _process = process;
        Http = new HttpClient { BaseAddress = options.HttpUrl, Timeout = TimeSpan.FromSeconds(60) };
    }

    public NodeOptions Options { get; }

    public string Address => Options.Address;

    public HttpClient Http { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Stdout => Read(_stdout);

    public string Stderr => Read(_stderr);

    /// <summary>Both streams, for failure messages (stderr trimmed to its last 20,000 characters).</summary>
    public string Output => $"--- {Address} stdout ---\n{Stdout}\n--- stderr ---\n{Tail(Stderr, 20_000)}";

    /// <summary>Starts the node and waits until it is an Up member.</summary>
    public static async Task<NodeProcess> StartAsync(NodeOptions options)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = options.Folder,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "posecluster.dll"));
        start.ArgumentList.Add("node");
        if (options.ConfigFile is not null)
        {
            start.ArgumentList.Add("--config");
            start.ArgumentList.Add(options.ConfigFile);
        }

        start.ArgumentList.Add("--port");
        start.ArgumentList.Add(options.Port.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add("--http");
        start.ArgumentList.Add(options.HttpUrl.ToString());
        start.ArgumentList.Add("--seeds");
        start.ArgumentList.Add(string.Join(',', options.Seeds));
        if (options.Roles is not null)
        {
            start.ArgumentList.Add("--roles");
            start.ArgumentList.Add(string.Join(',', options.Roles));
        }

        foreach (var (name, value) in options.Settings)
        {
            start.Environment["POSECLUSTER__" + name.Replace(".", "__", StringComparison.Ordinal)] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var node = new NodeProcess(options, process);
        process.OutputDataReceived += (_, e) => node.Append(e.Data, isStdout: true);
        process.ErrorDataReceived += (_, e) => node.Append(e.Data, isStdout: false);
        process.Exited += (_, _) => node._up.TrySetException(new InvalidOperationException($"node {options.Address} exited before it was up:\n{node.Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await node._up.Task.WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            await node.DisposeAsync();
            throw new TimeoutException($"node {options.Address} was not up within {StartTimeout.TotalSeconds} s:\n{node.Output}");
        }

        return node;
    }

    /// <summary>SIGKILL: the process dies at once, without leaving the cluster.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(TimeSpan.FromSeconds(10));
    }

    /// <summary>SIGTERM, then waits (bounded) for the graceful leave; returns the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var wait = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(wait.Token);
        return _process.ExitCode;
    }

    /// <summary>GET /api/cluster.</summary>
    public async Task<ClusterView> ClusterAsync() =>
        await Http.GetFromJsonAsync<ClusterView>("api/cluster", Json) ?? throw new InvalidOperationException($"{Address}: /api/cluster answered null");

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }

        Http.Dispose();
        _process.Dispose();
    }

    private void Append(string? line, bool isStdout)
    {
        if (line is null)
        {
            return;
        }

        var buffer = isStdout ? _stdout : _stderr;
        lock (buffer)
        {
            buffer.AppendLine(line);
        }

        if (isStdout && line == $"node {Address} up")
        {
            _up.TrySetResult();
        }
    }

    private static string Read(StringBuilder buffer)
    {
        lock (buffer)
        {
            return buffer.ToString();
        }
    }

    private static string Tail(string text, int length) => text.Length <= length ? text : "…" + text[^length..];
}
