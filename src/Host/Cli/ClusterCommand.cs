using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PoseCluster.Runtime.Cluster;

namespace PoseCluster.Host.Cli;

/// <summary><c>posecluster cluster status [--json]</c>: members and shard owners, read from the cluster store.</summary>
internal static class ClusterCommand
{
    public static Command Create(CliContext context, GlobalOptions options)
    {
        var json = GlobalOptions.Json();
        var status = new Command("status", "Print the members (address, roles, capacity, last heartbeat, status) and the shard owners per entity type");
        status.Options.Add(json);
        status.SetAction(async (parse, cancellationToken) =>
        {
            var config = EffectiveConfig.Load(parse.GetValue(options.Config)?.FullName, context);
            var settings = ClusterSettings.FromConfig(config);
            await using var store = ClusterStores.Open(settings.Store);
            await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
            var members = await store.GetMembersAsync(cancellationToken).ConfigureAwait(false);
            var leases = await store.GetShardLeasesAsync(null, cancellationToken).ConfigureAwait(false);
            await context.Out.WriteLineAsync(parse.GetValue(json) ? ToJson(members, leases) : ToText(members, leases)).ConfigureAwait(false);
            return ExitCodes.Ok;
        });

        var command = new Command("cluster", "Inspect the cluster");
        command.Subcommands.Add(status);
        return command;
    }

    private static string ToJson(IReadOnlyList<ClusterMember> members, IReadOnlyList<ShardLease> leases)
    {
        var document = new
        {
            members = members.Select(m => new
            {
                address = m.Address,
                roles = m.Roles,
                capacity = m.Capacity,
                lastHeartbeat = m.LastHeartbeat.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                status = m.Status.ToString().ToLowerInvariant(),
            }),
            entityTypes = leases.GroupBy(l => l.EntityType).Select(g => new
            {
                name = g.Key,
                shards = g.Select(l => new { shard = l.Shard, owner = l.Owner, handOffTo = l.HandOffTo }),
            }),
        };
        return JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true });
    }

    private static string ToText(IReadOnlyList<ClusterMember> members, IReadOnlyList<ShardLease> leases)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine("members:");
        text.AppendLine(CultureInfo.InvariantCulture, $"  {"address",-32} {"roles",-24} {"capacity",8} {"last heartbeat",-26} status");
        foreach (var m in members)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  {m.Address,-32} {string.Join(',', m.Roles),-24} {m.Capacity,8} {m.LastHeartbeat.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture),-26} {m.Status.ToString().ToLowerInvariant()}");
        }

        foreach (var type in leases.GroupBy(l => l.EntityType))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"shards of {type.Key} ({type.Count()}):");
            foreach (var owner in type.GroupBy(l => l.Owner ?? "(unallocated)").OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {owner.Key}: {owner.Count()} shards [{string.Join(',', owner.Select(l => l.Shard))}]");
            }
        }

        return text.ToString().TrimEnd();
    }
}
