using PoseCluster.Runtime.Actors;
using PoseCluster.Runtime.Cluster;

namespace PoseCluster.Runtime.Tests.Cluster;

/// <summary>Several cluster nodes in this process (one actor system each) sharing one store URL.</summary>
internal sealed class InProcessCluster : IAsyncDisposable
{
    private readonly string _storeUrl;
    private readonly List<Node> _nodes = [];

    public InProcessCluster(string storeUrl, ShardingSettings? sharding = null)
    {
        _storeUrl = storeUrl;
        Sharding = sharding ?? new ShardingSettings
        {
            AllocationInterval = TimeSpan.FromMilliseconds(200),
            PollInterval = TimeSpan.FromMilliseconds(200),
            MaxSimultaneousRebalance = 4,
            PassivateIdleAfter = TimeSpan.Zero,
            RetryDelay = TimeSpan.FromMilliseconds(100),
        };
    }

    public ShardingSettings Sharding { get; }

    public EntityJournal Journal { get; } = new();

    public static TimeSpan FailureTimeout => TimeSpan.FromSeconds(2);

    public sealed record Node(string Address, ActorSystem System, IClusterStore Store, ClusterNode Cluster, IActorRef Region);

    public IReadOnlyList<Node> Nodes => _nodes;

    public async Task<Node> StartNodeAsync(string address, ShardedEntityType type)
    {
        var settings = new ClusterSettings
        {
            Store = _storeUrl,
            Address = address,
            Roles = ["worker"],
            HeartbeatInterval = TimeSpan.FromMilliseconds(200),
            FailureTimeout = FailureTimeout,
            Sharding = Sharding,
        };
        var system = ActorSystem.Create(address.Replace(':', '-').Replace('.', '-'));
        var store = ClusterStores.Open(_storeUrl);
        var cluster = await ClusterNode.StartAsync(system, store, settings, CancellationToken.None);
        var region = cluster.StartShardRegion(type, Journal.PropsFor);
        var node = new Node(address, system, store, cluster, region);
        _nodes.Add(node);
        return node;
    }

    /// <summary>Stops a node without leaving, as a crash would: its heartbeats just stop.</summary>
    public async Task CrashAsync(Node node)
    {
        _nodes.Remove(node);
        await node.Cluster.DisposeAsync();
        await node.System.ShutdownAsync();
        await node.Store.DisposeAsync();
    }

    public async Task LeaveAsync(Node node)
    {
        Assert.True(await node.Cluster.LeaveAsync(TimeSpan.FromSeconds(30), CancellationToken.None), $"{node.Address} did not hand its shards over in time");
        await CrashAsync(node);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes.ToList())
        {
            await CrashAsync(node);
        }
    }
}
