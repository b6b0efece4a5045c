using PoseCluster.Runtime.Configuration;

namespace PoseCluster.Runtime.Cluster;

/// <summary>The node's cluster settings (<c>posecluster.cluster.*</c> in reference.conf).</summary>
public sealed record ClusterSettings
{
    /// <summary>Cluster store URL: <c>sqlite:PATH</c> or <c>postgres://...</c>.</summary>
    public required string Store { get; init; }

    /// <summary>Unique address of this node in the membership table.</summary>
    public required string Address { get; init; }

    /// <summary>Roles this node serves.</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>Capacity the node advertises (trainer slots).</summary>
    public int Capacity { get; init; } = 1;

    /// <summary>How often the node heartbeats and checks others' heartbeats.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A member whose heartbeat is older than this is down.</summary>
    public TimeSpan FailureTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Sharding settings.</summary>
    public ShardingSettings Sharding { get; init; } = new();

    /// <summary>Reads <c>posecluster.cluster</c>; <paramref name="roles"/> (from the command line) replaces the configured roles when given.</summary>
    public static ClusterSettings FromConfig(Config config, IReadOnlyList<string>? roles = null)
    {
        var cluster = config.GetConfig("posecluster.cluster");
        var apiUrl = cluster.GetString("api-url", "http://127.0.0.1:8080");
        var address = cluster.GetString("address", "");
        var sharding = cluster.GetConfigOrEmpty("sharding");
        var defaults = new ShardingSettings();
        return new ClusterSettings
        {
            Store = cluster.GetString("store"),
            Address = address.Length > 0 ? address : apiUrl,
            Roles = roles ?? cluster.GetStringList("roles", []),
            Capacity = cluster.GetInt("capacity", 1),
            HeartbeatInterval = cluster.GetDuration("heartbeat-interval", TimeSpan.FromSeconds(1)),
            FailureTimeout = cluster.GetDuration("failure-timeout", TimeSpan.FromSeconds(10)),
            Sharding = new ShardingSettings
            {
                ShardCount = sharding.GetInt("shard-count", defaults.ShardCount),
                MaxSimultaneousRebalance = sharding.GetInt("rebalance.max-simultaneous", defaults.MaxSimultaneousRebalance),
                MinMembers = sharding.GetInt("min-members", defaults.MinMembers),
                AllocationInterval = sharding.GetDuration("allocation-interval", defaults.AllocationInterval),
                PollInterval = sharding.GetDuration("poll-interval", defaults.PollInterval),
                FetchBatch = sharding.GetInt("fetch-batch", defaults.FetchBatch),
                PassivateIdleAfter = sharding.GetDuration("passivate-idle-after", defaults.PassivateIdleAfter),
                RememberEntities = sharding.GetBoolean("remember-entities", defaults.RememberEntities),
                RetryDelay = sharding.GetDuration("retry-delay", defaults.RetryDelay),
            },
        };
    }
}
