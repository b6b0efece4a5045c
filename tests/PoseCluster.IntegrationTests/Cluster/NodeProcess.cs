using System.Diagnostics;
using System.Text;

namespace PoseCluster.IntegrationTests.Cluster;

/// <summary>
/// One <c>posecluster node</c> process (the built posecluster.dll run by <c>dotnet</c>), with its
/// output captured. Disposing kills it if it still runs.
/// </summary>
internal sealed class NodeProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _up = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private NodeProcess(string address, Process process)
    {
        Address = address;
        _process = process;
    }

    public string Address { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything the process wrote so far (stdout and stderr interleaved).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <c>posecluster node --config <paramref name="configFile"/></c> and waits until it prints that it is up.</summary>
    public static async Task<NodeProcess> StartAsync(string address, string configFile)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "posecluster.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { dll, "node", "--config", configFile })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["POSECLUSTER__cluster__address"] = address;
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var node = new NodeProcess(address, process);
        process.OutputDataReceived += (_, e) => node.Append(e.Data, isStdout: true);
        process.ErrorDataReceived += (_, e) => node.Append(e.Data, isStdout: false);
        process.Exited += (_, _) => node._up.TrySetException(new InvalidOperationException($"node {address} exited before it was up:\n{node.Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await node._up.Task.WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            node.Dispose();
            throw new TimeoutException($"node {address} did not come up within {StartTimeout.TotalSeconds} s:\n{node.Output}");
        }

        return node;
    }

    private void Append(string? line, bool isStdout)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (isStdout && line == $"node {Address} up")
        {
            _up.TrySetResult();
        }
    }

    /// <summary>SIGKILL: the process dies at once, without leaving.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(TimeSpan.FromSeconds(10));
    }

    /// <summary>Sends <paramref name="signal"/> (TERM or INT), then waits (bounded) for the graceful leave to finish.</summary>
    public async Task SignalAsync(string signal, TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var wait = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(wait.Token);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }

        _process.Dispose();
    }
}
