using System.CommandLine;
using System.Text.Json;
using PoseCluster.Host.Http;

namespace PoseCluster.Host.Cli;

/// <summary>
/// <c>posecluster datasets list [--api URL] [--json]</c>: every dataset a node's cluster ingested, with its status
/// and its latest job's sequence counts (<c>GET /api/datasets</c>; <c>--json</c> prints that body).
/// </summary>
internal static class DatasetsListCommand
{
    public static Command Create(CliContext context, GlobalOptions options)
    {
        var api = new Option<string?>("--api") { Description = "A node's HTTP endpoint (default posecluster.http.url)" };
        var json = GlobalOptions.Json();
        var command = new Command("list", "List the datasets of the cluster with their ingestion status");
        command.Options.Add(api);
        command.Options.Add(json);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var config = EffectiveConfig.Load(parse.GetValue(options.Config)?.FullName, context);
            using var client = DatasetClient.Create(parse.GetValue(api), null, config);
            var list = await client.ListAsync(cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                await context.Out.WriteLineAsync(JsonSerializer.Serialize(list, DatasetJson.Options)).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            if (list.Datasets.Count == 0)
            {
                await context.Out.WriteLineAsync("no datasets yet (posecluster datasets add --name N --kind K --path DIR)").ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            await context.Out.WriteLineAsync($"{"name",-16} {"kind",-7} {"status",-11} {"done",7} {"total",7} {"rejected",8} {"failed",6}  content").ConfigureAwait(false);
            foreach (var d in list.Datasets)
            {
                var s = d.Sequences;
                await context.Out.WriteLineAsync(
                    $"{d.Name,-16} {d.Kind,-7} {d.Status,-11} {s.Done,7} {s.Total,7} {s.Rejected,8} {s.Failed,6}  {(d.ContentHash is { } hash ? hash[..12] : "-")}  {d.Path}").ConfigureAwait(false);
                if (d.Error is { } error)
                {
                    await context.Out.WriteLineAsync($"  error: {error}").ConfigureAwait(false);
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
