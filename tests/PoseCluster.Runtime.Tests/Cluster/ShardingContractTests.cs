using PoseCluster.Runtime.Actors;
using PoseCluster.Runtime.Cluster;
using PoseCluster.Runtime.Cluster.Sharding;

namespace PoseCluster.Runtime.Tests.Cluster;

/// <summary>
/// Sharding across several in-process nodes that share a store; each store kind inherits these tests.
/// </summary>
public abstract class ShardingContractTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>A fresh store URL for the test.</summary>
    protected abstract Task<string> CreateStoreAsync();

    /// <summary>Removes the test's store.</summary>
    protected abstract Task DropStoreAsync();

    private InProcessCluster _cluster = null!;
    private IClusterStore _client = null!;

    public async Task InitializeAsync()
    {
        var url = await CreateStoreAsync();
        _cluster = new InProcessCluster(url);
        _client = ClusterStores.Open(url);
        await _client.InitializeAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _client.DisposeAsync();
        await DropStoreAsync();
    }

    /// <summary>Sends values first..last to each entity, one message per value, in order per entity.</summary>
    private async Task SendAsync(ShardedEntityType type, int entities, int first, int last)
    {
        var client = new ShardingClient(_client);
        for (var value = first; value <= last; value++)
        {
            var round = value;
            var messages = Enumerable.Range(0, entities).Select(e => ($"entity-{e}", (object)new Numbered(round), $"entity-{e}/{round}"));
            await client.TellManyAsync(type, messages, 4, CancellationToken.None);
        }
    }

    private async Task AwaitAllAppliedAsync(ShardedEntityType type, int expected)
    {
        await Eventually.AwaitAsync(async () => _cluster.Journal.AppliedCount == expected && await _client.CountShardMessagesAsync(type.Name, CancellationToken.None) == 0, Patience, $"{expected} messages are applied and acknowledged");
    }

    private void AssertEachEntityAppliedInOrder(int entities, int values)
    {
        Assert.Equal(entities, _cluster.Journal.Applied.Count);
        foreach (var (entity, applied) in _cluster.Journal.Applied)
        {
            Assert.True(applied.SequenceEqual(Enumerable.Range(1, values)), $"{entity} applied {string.Join(',', applied)}");
        }
    }

    private async Task<Dictionary<string, int>> OwnersAsync(ShardedEntityType type) =>
        (await _client.GetShardLeasesAsync(type.Name, CancellationToken.None))
        .GroupBy(l => l.Owner ?? "(none)").ToDictionary(g => g.Key, g => g.Count());

    [Fact]
    public async Task Messages_to_entities_spread_over_three_nodes_are_applied_once_each_in_order()
    {
        var type = EntityJournal.Type();
        foreach (var address in new[] { "n1", "n2", "n3" })
        {
            await _cluster.StartNodeAsync(address, type);
        }

        await SendAsync(type, 30, 1, 10);

        await AwaitAllAppliedAsync(type, 300);
        AssertEachEntityAppliedInOrder(30, 10);
        await Eventually.AwaitAsync(async () => (await OwnersAsync(type)).Values.Order().SequenceEqual([5, 5, 6]), Patience, "the 16 shards are balanced 5/5/6");
    }

    [Fact]
    public async Task The_shards_of_a_crashed_node_move_to_the_survivors_and_no_message_is_lost()
    {
        var type = EntityJournal.Type();
        var nodes = new List<InProcessCluster.Node>();
        foreach (var address in new[] { "n1", "n2", "n3" })
        {
            nodes.Add(await _cluster.StartNodeAsync(address, type));
        }

        await SendAsync(type, 30, 1, 5);
        await Eventually.AwaitAsync(() => Task.FromResult(_cluster.Journal.AppliedCount >= 60), Patience, "delivery has started");
        await _cluster.CrashAsync(nodes[1]);
        await SendAsync(type, 30, 6, 10);

        await AwaitAllAppliedAsync(type, 300);
        AssertEachEntityAppliedInOrder(30, 10);
        Assert.DoesNotContain("n2", (await OwnersAsync(type)).Keys);
    }

    [Fact]
    public async Task A_node_leaving_gracefully_hands_its_shards_over_without_losing_messages()
    {
        var type = EntityJournal.Type();
        var nodes = new List<InProcessCluster.Node>();
        foreach (var address in new[] { "n1", "n2", "n3" })
        {
            nodes.Add(await _cluster.StartNodeAsync(address, type));
        }

        await SendAsync(type, 30, 1, 5);
        await _cluster.LeaveAsync(nodes[0]);
        await SendAsync(type, 30, 6, 10);

        await AwaitAllAppliedAsync(type, 300);
        AssertEachEntityAppliedInOrder(30, 10);
        var members = await _client.GetMembersAsync(CancellationToken.None);
        Assert.Equal(MemberStatus.Left, members.Single(m => m.Address == "n1").Status);
        Assert.Equal(["n2", "n3"], (await OwnersAsync(type)).Keys.Order());
    }

    [Fact]
    public async Task A_node_that_joins_later_receives_shards_by_rebalancing()
    {
        var type = EntityJournal.Type();
        await _cluster.StartNodeAsync("n1", type);
        await Eventually.AwaitAsync(async () => (await OwnersAsync(type)).GetValueOrDefault("n1") == 16, Patience, "n1 owns every shard");

        await _cluster.StartNodeAsync("n2", type);
        await SendAsync(type, 20, 1, 5);

        await Eventually.AwaitAsync(async () => (await OwnersAsync(type)).Values.Order().SequenceEqual([8, 8]), Patience, "the shards are balanced 8/8");
        await AwaitAllAppliedAsync(type, 100);
        AssertEachEntityAppliedInOrder(20, 5);
    }

    [Fact]
    public async Task A_region_told_an_envelope_sends_it_through_the_inbox()
    {
        var type = EntityJournal.Type();
        var node = await _cluster.StartNodeAsync("n1", type);

        var reply = await node.Region.Ask<Status.Success>(new ShardingEnvelope("solo", new Numbered(1), "solo/1"), TimeSpan.FromSeconds(10));

        Assert.Equal("solo/1", reply.Result);
        await AwaitAllAppliedAsync(type, 1);
    }

    [Fact]
    public async Task A_repeated_message_id_is_applied_once()
    {
        var type = EntityJournal.Type();
        await _cluster.StartNodeAsync("n1", type);
        var client = new ShardingClient(_client);

        await client.TellAsync(type, "e", new Numbered(1), "same", CancellationToken.None);
        await client.TellAsync(type, "e", new Numbered(1), "same", CancellationToken.None);
        await client.TellAsync(type, "e", new Numbered(2), "other", CancellationToken.None);

        await AwaitAllAppliedAsync(type, 2);
        Assert.Equal([1, 2], _cluster.Journal.Applied["e"]);
    }
}

/// <summary>Sharding on one SQLite file shared by the nodes.</summary>
public sealed class SqliteShardingTests : ShardingContractTests
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"posecluster-sharding-{Guid.NewGuid():N}");

    protected override Task<string> CreateStoreAsync() => Task.FromResult($"sqlite:{Path.Combine(_folder, "cluster.db")}");

    protected override Task DropStoreAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }
}

/// <summary>Sharding on a PostgreSQL database of the test's own.</summary>
public sealed class PostgresShardingTests : ShardingContractTests
{
    private string _connectionString = "";

    protected override async Task<string> CreateStoreAsync()
    {
        _connectionString = await TestPostgres.CreateDatabaseAsync("sharding");
        return "postgres:" + _connectionString;
    }

    protected override Task DropStoreAsync() => TestPostgres.DropDatabaseAsync(_connectionString);
}
