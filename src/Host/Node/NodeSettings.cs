using System.Globalization;
using PoseCluster.Configuration;

namespace PoseCluster.Host.Node;

/// <summary>The node's own settings: <c>posecluster.node</c>, <c>posecluster.persistence</c> and <c>posecluster.http</c>.</summary>
/// <param name="Hostname">Address Akka.Remote binds to.</param>
/// <param name="PublicHostname">Address other nodes reach this one at ("" = <paramref name="Hostname"/>).</param>
/// <param name="Port">Akka.Remote TCP port (0 = a free one).</param>
/// <param name="Seeds">Seed nodes as host:port; empty = join itself.</param>
/// <param name="Roles">This node's roles.</param>
/// <param name="Discovery">"seeds" or "kubernetes".</param>
/// <param name="Kubernetes">Cluster bootstrap settings when <paramref name="Discovery"/> is "kubernetes".</param>
/// <param name="ShardsPerType">Shards of every entity type.</param>
/// <param name="DemoCounter">Host the demo counter entity type and its endpoints.</param>
/// <param name="AskTimeout">How long an HTTP request waits for an actor.</param>
/// <param name="ShutdownTimeout">How long a graceful leave may take.</param>
/// <param name="Persistence">Journal and snapshot database.</param>
/// <param name="HttpUrl">Where a node with the role "api" listens.</param>
/// <param name="HttpToken">Bearer token writes need ("" = none).</param>
internal sealed record NodeSettings(
    string Hostname,
    string PublicHostname,
    int Port,
    IReadOnlyList<string> Seeds,
    IReadOnlyList<string> Roles,
    string Discovery,
    KubernetesSettings Kubernetes,
    int ShardsPerType,
    bool DemoCounter,
    TimeSpan AskTimeout,
    TimeSpan ShutdownTimeout,
    PersistenceTarget Persistence,
    Uri HttpUrl,
    string HttpToken)
{
    /// <summary>Name of the ActorSystem on every node (part of every actor address).</summary>
    public const string SystemName = "posecluster";

    /// <summary>Role of the nodes that serve HTTP.</summary>
    public const string ApiRole = "api";

    /// <summary>Role of the nodes that host the pipeline's entities (and the demo counter).</summary>
    public const string WorkerRole = "worker";

    /// <summary>Role of the nodes that run training ranks (posecluster.trainer.slots of them).</summary>
    public const string TrainerRole = "trainer";

    /// <summary>True when this node has <paramref name="role"/>.</summary>
    public bool HasRole(string role) => Roles.Contains(role, StringComparer.Ordinal);

    /// <summary>True when this node has the role "api" and so serves HTTP.</summary>
    public bool ServesHttp => Roles.Contains(ApiRole, StringComparer.Ordinal);

    /// <summary>The seeds as Akka addresses (<c>akka.tcp://posecluster@host:port</c>).</summary>
    public IReadOnlyList<string> SeedAddresses => [.. Seeds.Select(s => $"akka.tcp://{SystemName}@{s}")];

    /// <summary>Reads and checks the settings; errors name the setting.</summary>
    public static NodeSettings FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var port = config.GetInt("posecluster.node.port");
        if (port is < 0 or > 65535)
        {
            throw new ConfigurationException($"posecluster.node.port = {port} ({config.OriginOf("posecluster.node.port")}): must be 0-65535");
        }

        var seeds = config.GetStringList("posecluster.node.seeds");
        foreach (var seed in seeds)
        {
            var colon = seed.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(seed.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var seedPort) || seedPort is < 1 or > 65535)
            {
                throw new ConfigurationException($"posecluster.node.seeds: '{seed}' is not host:port");
            }
        }

        var roles = config.GetStringList("posecluster.node.roles");
        if (roles.Any(r => r.Length == 0 || r.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '-')))
        {
            throw new ConfigurationException($"posecluster.node.roles: [{string.Join(", ", roles)}]: a role is letters, digits and '-'");
        }

        var discovery = config.GetString("posecluster.node.discovery");
        if (discovery is not ("seeds" or "kubernetes"))
        {
            throw new ConfigurationException($"posecluster.node.discovery = {discovery}: expected seeds or kubernetes");
        }

        var shards = config.GetInt("posecluster.node.shards-per-type");
        if (shards < 1)
        {
            throw new ConfigurationException($"posecluster.node.shards-per-type = {shards}: must be at least 1");
        }

        var url = config.GetString("posecluster.http.url");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var httpUrl) || httpUrl.Scheme is not ("http" or "https"))
        {
            throw new ConfigurationException($"posecluster.http.url = {url}: expected http://host:port");
        }

        return new NodeSettings(
            config.GetString("posecluster.node.hostname"),
            config.GetString("posecluster.node.public-hostname"),
            port,
            seeds,
            roles,
            discovery,
            new KubernetesSettings(
                config.GetString("posecluster.node.kubernetes.pod-label-selector"),
                config.GetInt("posecluster.node.kubernetes.management-port"),
                config.GetInt("posecluster.node.kubernetes.required-contact-points")),
            shards,
            config.GetBoolean("posecluster.node.demo-counter"),
            config.GetDuration("posecluster.node.ask-timeout"),
            config.GetDuration("posecluster.node.shutdown-timeout"),
            PersistenceTarget.Parse(config.GetString("posecluster.persistence.url")),
            httpUrl,
            config.GetString("posecluster.http.token"));
    }
}
