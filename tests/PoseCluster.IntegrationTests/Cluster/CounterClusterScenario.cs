using PoseCluster.Host.Node;
using PoseCluster.Runtime.Cluster;
using PoseCluster.Runtime.Tests.Cluster;

namespace PoseCluster.IntegrationTests.Cluster;

/// <summary>
/// The multi-process scenario: node processes host the demo counter; the test writes 10,000
/// increments for 1,000 counters into the shard inboxes, disturbs one node mid-stream, and checks
/// the persisted counts.
/// </summary>
internal sealed class CounterClusterScenario : IAsyncDisposable
{
    public const int Entities = 1_000;
    public const int MessagesPerEntity = 10;
    public const int ShardCount = 30;
    public static readonly TimeSpan FailureTimeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"posecluster-it-{Guid.NewGuid():N}");
    private readonly List<NodeProcess> _nodes = [];

    public CounterClusterScenario(string storeUrl, int minMembers)
    {
        StoreUrl = storeUrl;
        Directory.CreateDirectory(_folder);
        ConfigFile = Path.Combine(_folder, "node.conf");
        File.WriteAllText(ConfigFile, $$"""
            posecluster.cluster {
              store = "{{storeUrl}}"
              roles = [worker]
              heartbeat-interval = 250ms
              failure-timeout = {{FailureTimeout.TotalMilliseconds}}ms
              leave-timeout = 30s
              sharding {
                shard-count = {{ShardCount}}
                rebalance.max-simultaneous = 10
                min-members = {{minMembers}}
                allocation-interval = 250ms
                poll-interval = 250ms
                passivate-idle-after = 0
              }
              demo-counter.enabled = on
            }
            """);
        Store = ClusterStores.Open(storeUrl);
        Counters = new CounterTable(storeUrl);
    }

    public string StoreUrl { get; }

    public string ConfigFile { get; }

    public IClusterStore Store { get; }

    public CounterTable Counters { get; }

    public static ShardedEntityType Type => CounterEntity.Type(ShardCount);

    public IReadOnlyList<NodeProcess> Nodes => _nodes;

    public async Task InitializeAsync()
    {
        await Store.InitializeAsync(CancellationToken.None);
        await Counters.EnsureSchemaAsync(CancellationToken.None);
    }

    public async Task<NodeProcess> StartNodeAsync(string address)
    {
        var node = await NodeProcess.StartAsync(address, ConfigFile);
        _nodes.Add(node);
        return node;
    }

    public async Task StartNodesAsync(params string[] addresses)
    {
        foreach (var node in await Task.WhenAll(addresses.Select(a => NodeProcess.StartAsync(a, ConfigFile))))
        {
            _nodes.Add(node);
        }
    }

    /// <summary>Starts three nodes, waits until they own every shard, and sends rounds 1–3 (3,000 messages).</summary>
    public async Task StartThreeNodesAndSendFirstRoundsAsync(IReadOnlyCollection<string> addresses)
    {
        await StartNodesAsync([.. addresses]);
        await AwaitOwnersAsync(addresses, TimeSpan.FromSeconds(60));
        for (var round = 1; round <= 3; round++)
        {
            await SendRoundAsync(round);
        }
    }

    /// <summary>Sends rounds 4–10 (7,000 messages).</summary>
    public async Task SendRemainingRoundsAsync()
    {
        for (var round = 4; round <= MessagesPerEntity; round++)
        {
            await SendRoundAsync(round);
        }
    }

    /// <summary>Owners of the counter shards right now.</summary>
    public async Task<IReadOnlyList<ShardLease>> LeasesAsync() => await Store.GetShardLeasesAsync(Type.Name, CancellationToken.None);

    /// <summary>Waits until every shard is owned by one of <paramref name="addresses"/> and none is being handed off.</summary>
    public Task AwaitOwnersAsync(IReadOnlyCollection<string> addresses, TimeSpan timeout) =>
        Eventually.AwaitAsync(async () =>
        {
            var leases = await LeasesAsync();
            return leases.Count == ShardCount && leases.All(l => l.Owner is { } o && addresses.Contains(o) && l.HandOffTo is null);
        }, timeout, $"every shard is owned by {string.Join(", ", addresses)}");

    /// <summary>Writes round <paramref name="round"/> (1-based): one increment of <c>round</c> to every counter.</summary>
    public Task SendRoundAsync(int round)
    {
        var messages = Enumerable.Range(0, Entities).Select(e => ($"counter-{e}", (object)new Increment(round), $"counter-{e}/{round}"));
        return new ShardingClient(Store).TellManyAsync(Type, messages, 4, CancellationToken.None);
    }

    /// <summary>Waits until every inbox is empty and then checks every counter holds 1 + 2 + … + rounds, and that 10,000 message ids were applied once each.</summary>
    public async Task AssertEveryCounterIsExactAsync()
    {
        await Eventually.AwaitAsync(async () => await Store.CountShardMessagesAsync(Type.Name, CancellationToken.None) == 0, Patience, "every inbox is empty");
        var expected = MessagesPerEntity * (MessagesPerEntity + 1) / 2;
        var values = await Counters.ReadAllAsync(CancellationToken.None);
        Assert.Equal(Entities, values.Count);
        var wrong = values.Where(v => v.Value != expected).Select(v => $"{v.Key}={v.Value}").ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} counters differ from {expected}: {string.Join(", ", wrong.Take(10))}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            node.Dispose();
        }

        await Counters.DisposeAsync();
        await Store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
