using System.CommandLine;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using PoseCluster.Host.Http;

namespace PoseCluster.Host.Cli;

/// <summary>
/// <c>posecluster cluster status [--api URL] [--json]</c>: a node's view of the cluster (members, leader,
/// unreachable members, shards and entities per entity type) from its <c>GET /api/cluster</c>.
/// </summary>
internal static class ClusterCommand
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create(CliContext context, GlobalOptions options)
    {
        var json = GlobalOptions.Json();
        var api = new Option<string?>("--api") { Description = "HTTP endpoint of a node with the role api (default: posecluster.http.url)" };
        var status = new Command("status", "Print the members (address, status, roles), the leader, unreachable members and shards per entity type");
        status.Options.Add(json);
        status.Options.Add(api);
        status.SetAction(async (parse, cancellationToken) =>
        {
            var url = parse.GetValue(api) ?? EffectiveConfig.Load(parse.GetValue(options.Config)?.FullName, context).GetString("posecluster.http.url");
            if (!Uri.TryCreate(url, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
            {
                throw new BadInputException($"--api {url}: expected http://host:port");
            }

            var cluster = await FetchAsync(baseUrl, cancellationToken).ConfigureAwait(false);
            if (cluster is null)
            {
                await context.Error.WriteLineAsync($"error: no node answered at {baseUrl} (is a node with the role api running there?)").ConfigureAwait(false);
                return ExitCodes.Failure;
            }

            await context.Out.WriteLineAsync(parse.GetValue(json) ? JsonSerializer.Serialize(cluster, Json) : ToText(cluster)).ConfigureAwait(false);
            return ExitCodes.Ok;
        });

        var command = new Command("cluster", "Inspect the cluster");
        command.Subcommands.Add(status);
        return command;
    }

    private static async Task<ClusterStatus?> FetchAsync(Uri baseUrl, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = baseUrl, Timeout = RequestTimeout };
        try
        {
            return await client.GetFromJsonAsync<ClusterStatus>("api/cluster", Json, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private static string ToText(ClusterStatus cluster)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"self:   {cluster.Self}");
        text.AppendLine(CultureInfo.InvariantCulture, $"leader: {cluster.Leader ?? "(none)"}");
        text.AppendLine("members:");
        text.AppendLine(CultureInfo.InvariantCulture, $"  {"address",-44} {"status",-10} roles");
        foreach (var member in cluster.Members)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {member.Address,-44} {member.Status,-10} {string.Join(',', member.Roles)}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"unreachable: {(cluster.Unreachable.Count == 0 ? "(none)" : string.Join(", ", cluster.Unreachable))}");
        text.AppendLine("regions:");
        text.AppendLine(CultureInfo.InvariantCulture, $"  {"type",-20} {"shards",8} {"entities",10}");
        foreach (var region in cluster.Regions)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {region.Type,-20} {region.Shards,8} {region.Entities,10}");
        }

        return text.ToString().TrimEnd();
    }
}
