using System.CommandLine;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using PoseCluster.Host.Node;
using PoseCluster.Runtime.Actors;
using PoseCluster.Runtime.Cluster;
using PoseCluster.Runtime.Configuration;

namespace PoseCluster.Host.Cli;

/// <summary>
/// <c>posecluster node [--config F] [--roles r1,r2]</c>: runs a cluster node until SIGTERM or SIGINT,
/// then leaves gracefully (hands its shards over). Prints <c>node ADDRESS up</c> on stdout once it has
/// joined and <c>node ADDRESS left</c> at the end; logs go to stderr.
/// </summary>
internal static class NodeCommand
{
    public static Command Create(CliContext context, GlobalOptions options)
    {
        var roles = new Option<string?>("--roles") { Description = "Comma-separated roles of this node (replaces posecluster.cluster.roles)" };
        var command = new Command("node", "Run a cluster node until SIGTERM/SIGINT, then leave gracefully");
        command.Options.Add(roles);
        command.SetAction((parse, cancellationToken) =>
        {
            var config = EffectiveConfig.Load(parse.GetValue(options.Config)?.FullName, context);
            var roleList = parse.GetValue(roles)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return RunAsync(context, config, roleList, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, Config config, IReadOnlyList<string>? roles, CancellationToken cancellationToken)
    {
        var settings = ClusterSettings.FromConfig(config, roles);
        var leaveTimeout = config.GetDuration("posecluster.cluster.leave-timeout", TimeSpan.FromSeconds(30));

        // SIGTERM (docker stop, kill) stops the node like Ctrl+C does: gracefully.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
        {
            signal.Cancel = true;
            try
            {
                // Not Cancel(): that would run the whole leave on the signal handler's thread.
                _ = stop.CancelAsync();
            }
            catch (ObjectDisposedException)
            {
                // The handler runs on its own thread and may arrive after the node has finished.
            }
        });

        // The runtime holds signal registrations weakly: pin ours so a garbage collection cannot drop it.
        var pinned = GCHandle.Alloc(sigterm);
        try
        {
            return await RunNodeAsync(context, config, settings, leaveTimeout, stop).ConfigureAwait(false);
        }
        finally
        {
            pinned.Free();
        }
    }

    private static async Task<int> RunNodeAsync(CliContext context, Config config, ClusterSettings settings, TimeSpan leaveTimeout, CancellationTokenSource stop)
    {
        using var loggerFactory = LoggerFactory.Create(logging => logging
            .SetMinimumLevel(LogLevel.Information)
            .AddSimpleConsole(console => { console.SingleLine = true; console.TimestampFormat = "HH:mm:ss.fff "; })
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace)
            .AddFilter("Microsoft", LogLevel.Warning));
        await using var system = ActorSystem.Create("posecluster", config, loggerFactory);
        await using var store = ClusterStores.Open(settings.Store);
        await using var node = await ClusterNode.StartAsync(system, store, settings, stop.Token).ConfigureAwait(false);
        await using var counters = await StartDemoCounterAsync(config, settings, node, stop.Token).ConfigureAwait(false);

        await context.Out.WriteLineAsync($"node {settings.Address} up").ConfigureAwait(false);
        await context.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The normal way out: a signal asked the node to stop.
        }

        var handedOver = await node.LeaveAsync(leaveTimeout, CancellationToken.None).ConfigureAwait(false);
        await system.ShutdownAsync(CancellationToken.None).ConfigureAwait(false);
        await context.Out.WriteLineAsync($"node {settings.Address} left{(handedOver ? "" : " (hand-off timed out)")}").ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static async Task<CounterTable?> StartDemoCounterAsync(Config config, ClusterSettings settings, ClusterNode node, CancellationToken cancellationToken)
    {
        if (!config.GetBoolean("posecluster.cluster.demo-counter.enabled", false))
        {
            return null;
        }

        var table = new CounterTable(settings.Store);
        await table.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        node.StartShardRegion(CounterEntity.Type(settings.Sharding.ShardCount), id => CounterEntity.PropsFor(id, table));
        return table;
    }
}
