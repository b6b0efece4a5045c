using PoseCluster.Configuration;

namespace PoseCluster.Actors.Training;

/// <summary>posecluster.trainer: what a node with the role "trainer" offers (reference.conf documents each key).</summary>
/// <param name="Slots">Ranks the node runs at once.</param>
/// <param name="RankHost">Address the other ranks reach this node's ranks at (Gloo's TCP transport).</param>
/// <param name="RegisterInterval">How often the node advertises its slots to the pool.</param>
public sealed record TrainerSettings(int Slots, string RankHost, TimeSpan RegisterInterval)
{
    /// <summary>
    /// Reads posecluster.trainer: slots = 0 means one per core; host "" means the node's public host name, else
    /// its host name (which must then not be a wildcard address).
    /// </summary>
    public static TrainerSettings FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var slots = config.GetInt("posecluster.trainer.slots", 0);
        if (slots < 0)
        {
            throw new ConfigurationException($"posecluster.trainer.slots = {slots}: must be 0 (one per core) or more");
        }

        var host = config.GetString("posecluster.trainer.host", "");
        if (host.Length == 0)
        {
            var publicHost = config.GetString("posecluster.node.public-hostname", "");
            host = publicHost.Length > 0 ? publicHost : config.GetString("posecluster.node.hostname", "127.0.0.1");
        }

        if (host is "0.0.0.0" or "::" or "*")
        {
            throw new ConfigurationException($"posecluster.trainer.host: the node listens on {host}; set posecluster.node.public-hostname or posecluster.trainer.host to the address other trainer nodes reach this one at");
        }

        return new TrainerSettings(
            slots == 0 ? Environment.ProcessorCount : slots,
            host,
            config.GetDuration("posecluster.trainer.register-interval", TimeSpan.FromSeconds(5)));
    }
}
