using System.CommandLine;
using System.Globalization;
using PoseCluster.Host.Node;

namespace PoseCluster.Host.Cli;

/// <summary>
/// <c>posecluster node [--config F] [--port N] [--seeds host:port,...] [--roles a,b] [--http URL]</c>: runs a
/// cluster node until SIGTERM or SIGINT, then leaves gracefully (exit 0). Flags replace their settings
/// over reference.conf, <c>--config</c> and the environment.
/// </summary>
internal static class NodeCommand
{
    public static Command Create(CliContext context, GlobalOptions options)
    {
        var port = new Option<int?>("--port") { Description = "Akka.Remote TCP port (posecluster.node.port; 0 = a free one)" };
        var seeds = new Option<string?>("--seeds") { Description = "Seed nodes host:port,host:port (posecluster.node.seeds; none = join itself)" };
        var roles = new Option<string?>("--roles") { Description = "Comma-separated roles: api, worker, trainer (posecluster.node.roles)" };
        var http = new Option<string?>("--http") { Description = "HTTP listen URL of a node with the role api (posecluster.http.url)" };
        var command = new Command("node", "Run a cluster node until SIGTERM/SIGINT, then leave gracefully");
        command.Options.Add(port);
        command.Options.Add(seeds);
        command.Options.Add(roles);
        command.Options.Add(http);
        command.SetAction((parse, cancellationToken) =>
        {
            var overrides = new NodeOverrides(parse.GetValue(port), List(parse.GetValue(seeds)), List(parse.GetValue(roles)), parse.GetValue(http));
            if (overrides.Port is { } p && p is < 0 or > 65535)
            {
                throw new BadInputException(string.Create(CultureInfo.InvariantCulture, $"--port {p}: must be 0-65535"));
            }

            var (config, settings) = NodeConfiguration.Load(parse.GetValue(options.Config)?.FullName, overrides, context);
            return NodeHost.RunAsync(settings, config, context, cancellationToken);
        });
        return command;
    }

    private static string[]? List(string? commaSeparated) =>
        commaSeparated?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
