using System.Globalization;
using System.Text;
using PoseCluster.Configuration;
using PoseCluster.Host.Cli;

namespace PoseCluster.Host.Node;

/// <summary>
/// The node's configuration: reference.conf → <c>--config</c> → environment → flags, resolved by
/// PoseCluster's parser, plus one last layer the node derives from its own settings (seed addresses,
/// public host name, the persistence plugins' provider and connection string). Akka receives the
/// resolved <c>akka</c> section of that tree as text (<see cref="AkkaHocon"/>).
/// </summary>
internal static class NodeConfiguration
{
    /// <summary>Loads every layer and returns the resolved configuration and the node's settings.</summary>
    public static (Config Config, NodeSettings Settings) Load(string? configFile, NodeOverrides overrides, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var layers = EffectiveConfig.Layers(configFile, context).AddText(overrides.ToHocon(), "command line");
        var settings = NodeSettings.FromConfig(layers.Build());
        var config = layers.AddText(DerivedAkkaSettings(settings), "node settings").Build();
        return (config, settings);
    }

    /// <summary>The <c>akka</c> section as HOCON text for Akka's parser: fully resolved, no substitution left.</summary>
    public static string AkkaHocon(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return "akka " + config.GetConfig("akka").ToHocon();
    }

    private static string DerivedAkkaSettings(NodeSettings settings)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"akka.cluster.seed-nodes = [{string.Join(", ", settings.SeedAddresses.Select(Config.Quote))}]");
        if (settings.PublicHostname.Length > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"akka.remote.dot-netty.tcp.public-hostname = {Config.Quote(settings.PublicHostname)}");
        }

        foreach (var plugin in new[] { "akka.persistence.journal.sql", "akka.persistence.snapshot-store.sql" })
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{plugin}.provider-name = {Config.Quote(settings.Persistence.ProviderName)}");
            text.AppendLine(CultureInfo.InvariantCulture, $"{plugin}.connection-string = {Config.Quote(settings.Persistence.ConnectionString)}");
            if (settings.Persistence.SqliteFile is not null)
            {
                // Akka.Persistence.Sql reads inside a transaction of this level. Its default (unspecified) makes
                // Microsoft.Data.Sqlite begin IMMEDIATE, which takes SQLite's one write lock for every read: a
                // dataset's hundreds of Sequence entities recovering at once then queue behind each other and the
                // writers, and every collision costs a 150 ms sleep in Microsoft.Data.Sqlite's busy loop (1.2 s
                // of a 600k-frame add). Read uncommitted begins DEFERRED (without a shared cache Microsoft.Data.Sqlite
                // runs it as a plain serializable transaction): with WAL a read sees the last commit and takes no lock.
                text.AppendLine(CultureInfo.InvariantCulture, $"{plugin}.read-isolation-level = read-uncommitted");
            }
        }

        return text.ToString();
    }
}
