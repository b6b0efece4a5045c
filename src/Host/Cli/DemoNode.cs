using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using PoseCluster.Configuration;

namespace PoseCluster.Host.Cli;

/// <summary>
/// A one-node cluster inside the demo's process: <c>posecluster node</c> on embedded defaults (joins itself,
/// SQLite journal and registry, the folder object store under posecluster.home; roles api, worker and trainer)
/// with a free Akka.Remote port, the given HTTP URL (else a free port on 127.0.0.1), the given trainer slots,
/// Akka's own logging at WARNING. Disposing leaves the cluster gracefully.
/// </summary>
internal sealed class DemoNode : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Task<int> _run;

    private DemoNode(Uri api, CancellationTokenSource stop, Task<int> run)
    {
        Api = api;
        _stop = stop;
        _run = run;
    }

    /// <summary>The node's HTTP endpoint.</summary>
    public Uri Api { get; }

    /// <summary>Starts the node and waits (at most 2 minutes) until it is an Up member serving HTTP.</summary>
    /// <param name="configFile">The demo's <c>--config</c> file, or null.</param>
    /// <param name="home">posecluster.home (the node's settings file is written there).</param>
    /// <param name="context">The demo's streams and environment.</param>
    /// <param name="http">The node's HTTP URL, or null for a free port on 127.0.0.1.</param>
    /// <param name="trainerSlots">posecluster.trainer.slots of the node (0 = one per core).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public static async Task<DemoNode> StartAsync(string? configFile, string home, CliContext context, Uri? http, int trainerSlots, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        Directory.CreateDirectory(home);
        var settings = Path.Combine(home, "demo-node.conf");
        var text = new StringBuilder("# Written by posecluster demo: the demo's configuration, Akka's logging at WARNING.\n");
        if (configFile is not null)
        {
            text.Append("include ").Append(Config.Quote(Path.GetFullPath(configFile))).Append('\n');
        }

        text.Append("akka.loglevel = WARNING\nakka.cluster.singleton-proxy.log-singleton-identification-failure = off\n")
            .Append(CultureInfo.InvariantCulture, $"posecluster.trainer.slots = {trainerSlots}\n");
        await File.WriteAllTextAsync(settings, text.ToString(), cancellationToken).ConfigureAwait(false);

        var api = http ?? new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{FreePort()}/"));
        var printed = new UpSignal();
        var stop = new CancellationTokenSource();
        var run = PoseClusterCli.RunAsync(["node", "--config", settings, "--port", "0", "--http", api.ToString()], context with { Out = printed }, stop.Token);
        var up = await Task.WhenAny(printed.Up, run, Task.Delay(TimeSpan.FromMinutes(2), cancellationToken)).ConfigureAwait(false);
        if (up != printed.Up)
        {
            await stop.CancelAsync().ConfigureAwait(false);
            var code = run.IsCompleted ? await run.ConfigureAwait(false) : -1;
            stop.Dispose();
            throw new InvalidOperationException(code >= 0 ? $"the demo's node ended with exit code {code} before it was up" : "the demo's node was not up within 2 minutes");
        }

        return new DemoNode(api, stop, run);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _run.ConfigureAwait(false);
        _stop.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The node's standard output: completes <see cref="Up"/> at <c>node ADDRESS up</c>; nothing is shown.</summary>
    private sealed class UpSignal : TextWriter
    {
        private readonly TaskCompletionSource _up = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly StringBuilder _line = new();

        public Task Up => _up.Task;

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            lock (_line)
            {
                if (value != '\n')
                {
                    _line.Append(value);
                    return;
                }

                var line = _line.ToString();
                _line.Clear();
                if (line.StartsWith("node ", StringComparison.Ordinal) && line.EndsWith(" up", StringComparison.Ordinal))
                {
                    _up.TrySetResult();
                }
            }
        }
    }
}
