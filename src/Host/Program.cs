using PoseCluster.Host.Cli;

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // First Ctrl+C asks commands to stop through their CancellationToken; a second one kills.
    e.Cancel = !stop.IsCancellationRequested;
    stop.Cancel();
};

return await PoseClusterCli.RunAsync(args, CliContext.FromProcess(), stop.Token).ConfigureAwait(false);
