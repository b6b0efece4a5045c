using PoseCluster.Runtime.Cluster;

namespace PoseCluster.Runtime.Tests.Cluster;

/// <summary>
/// The behaviour every <see cref="IClusterStore"/> must have; each implementation inherits these
/// tests. Each test gets an empty store of its own.
/// </summary>
public abstract class ClusterStoreContractTests : IAsyncLifetime
{
    private static readonly TimeSpan FailureTimeout = TimeSpan.FromSeconds(10);
    private readonly List<IClusterStore> _opened = [];

    /// <summary>The clock every store of the test reads.</summary>
    internal ManualTimeProvider Time { get; } = new();

    /// <summary>The first store of the test, initialized.</summary>
    internal IClusterStore Store { get; private set; } = null!;

    /// <summary>Opens another store instance on the test's database (as another process would).</summary>
    protected abstract IClusterStore OpenStore();

    /// <summary>Creates the test's empty database.</summary>
    protected abstract Task CreateDatabaseAsync();

    /// <summary>Removes the test's database.</summary>
    protected abstract Task DropDatabaseAsync();

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        await CreateDatabaseAsync();
        Store = await OpenInitializedAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        foreach (var store in _opened)
        {
            await store.DisposeAsync();
        }

        await DropDatabaseAsync();
    }

    private async Task<IClusterStore> OpenInitializedAsync()
    {
        var store = OpenStore();
        _opened.Add(store);
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }

    private static CancellationToken None => CancellationToken.None;

    private static OutgoingMessage Message(string id, string payload = "{}") => new(id, "Test", payload);

    private async Task<long> JoinAsync(string address, params string[] roles) =>
        await Store.JoinAsync(address, roles.Length == 0 ? ["worker"] : roles, 2, None);

    private static ShardAllocationRequest Request(int shards, int maxSimultaneous = 100, string role = "worker", int minMembers = 1) =>
        new("counter", shards, role, maxSimultaneous, minMembers);

    private static Dictionary<string, int> OwnerCounts(IEnumerable<ShardLease> leases) =>
        leases.GroupBy(l => l.Owner ?? "(none)").ToDictionary(g => g.Key, g => g.Count());

    [Fact]
    public async Task A_joined_member_is_up_with_its_roles_capacity_and_heartbeat_time()
    {
        await Store.JoinAsync("node-a", ["worker", "trainer"], 4, None);

        var member = Assert.Single(await Store.GetMembersAsync(None));
        Assert.Equal("node-a", member.Address);
        Assert.Equal(["worker", "trainer"], member.Roles);
        Assert.Equal(4, member.Capacity);
        Assert.Equal(MemberStatus.Up, member.Status);
        Assert.Equal(Time.GetUtcNow(), member.LastHeartbeat);
    }

    [Fact]
    public async Task Rejoining_gives_a_new_incarnation_and_the_old_one_can_no_longer_heartbeat()
    {
        var first = await JoinAsync("node-a");
        var second = await JoinAsync("node-a");

        Assert.True(second > first);
        Assert.False(await Store.HeartbeatAsync("node-a", first, None));
        Assert.True(await Store.HeartbeatAsync("node-a", second, None));
    }

    [Fact]
    public async Task A_member_is_marked_down_once_when_its_heartbeat_is_older_than_the_failure_timeout()
    {
        var a = await JoinAsync("node-a");
        await JoinAsync("node-b");
        Time.Advance(TimeSpan.FromSeconds(6));
        Assert.True(await Store.HeartbeatAsync("node-a", a, None));
        Time.Advance(TimeSpan.FromSeconds(6));

        Assert.Equal(["node-b"], await Store.MarkUnreachableDownAsync(FailureTimeout, None));
        Assert.Empty(await Store.MarkUnreachableDownAsync(FailureTimeout, None));
        var members = await Store.GetMembersAsync(None);
        Assert.Equal([MemberStatus.Up, MemberStatus.Down], members.Select(m => m.Status));
    }

    [Fact]
    public async Task A_downed_member_cannot_heartbeat_until_it_joins_again()
    {
        var a = await JoinAsync("node-a");
        Time.Advance(TimeSpan.FromSeconds(11));
        await Store.MarkUnreachableDownAsync(FailureTimeout, None);

        Assert.False(await Store.HeartbeatAsync("node-a", a, None));
        var again = await JoinAsync("node-a");
        Assert.True(await Store.HeartbeatAsync("node-a", again, None));
    }

    [Fact]
    public async Task A_graceful_leave_goes_through_leaving_to_left_and_releases_singletons()
    {
        var a = await JoinAsync("node-a");
        Assert.True(await Store.TryAcquireSingletonAsync("coordinator", "node-a", None));

        await Store.BeginLeaveAsync("node-a", a, None);
        Assert.Equal(MemberStatus.Leaving, Assert.Single(await Store.GetMembersAsync(None)).Status);
        await Store.CompleteLeaveAsync("node-a", a, None);

        Assert.Equal(MemberStatus.Left, Assert.Single(await Store.GetMembersAsync(None)).Status);
        Assert.Null(await Store.GetSingletonHolderAsync("coordinator", None));
    }

    [Fact]
    public async Task Allocation_spreads_shards_evenly_over_the_members_with_the_role()
    {
        await JoinAsync("node-a");
        await JoinAsync("node-b");
        await JoinAsync("node-c", "trainer");

        var leases = await Store.AllocateShardsAsync(Request(10), None);

        Assert.Equal(Enumerable.Range(0, 10), leases.Select(l => l.Shard));
        Assert.Equal(new Dictionary<string, int> { ["node-a"] = 5, ["node-b"] = 5 }, OwnerCounts(leases));
        Assert.Equal(leases, await Store.GetShardLeasesAsync("counter", None));
    }

    [Fact]
    public async Task Allocation_waits_until_the_minimum_number_of_members_is_up()
    {
        await JoinAsync("node-a");
        Assert.All(await Store.AllocateShardsAsync(Request(4, minMembers: 2), None), l => Assert.Null(l.Owner));

        await JoinAsync("node-b");
        Assert.Equal(new Dictionary<string, int> { ["node-a"] = 2, ["node-b"] = 2 }, OwnerCounts(await Store.AllocateShardsAsync(Request(4, minMembers: 2), None)));
    }

    [Fact]
    public async Task Shards_of_a_down_member_move_even_while_fewer_than_the_minimum_members_are_up()
    {
        await JoinAsync("node-a");
        await JoinAsync("node-b");
        await Store.AllocateShardsAsync(Request(4, minMembers: 2), None);
        Time.Advance(TimeSpan.FromSeconds(11));
        await Store.HeartbeatAsync("node-a", 1, None);
        await Store.MarkUnreachableDownAsync(FailureTimeout, None);

        var leases = await Store.AllocateShardsAsync(Request(4, minMembers: 2), None);

        Assert.All(leases, l => Assert.Equal("node-a", l.Owner));
    }

    [Fact]
    public async Task The_shards_of_a_down_member_move_to_the_survivors_in_one_round()
    {
        await JoinAsync("node-a");
        await JoinAsync("node-b");
        var c = await JoinAsync("node-c");
        var before = await Store.AllocateShardsAsync(Request(9, maxSimultaneous: 1), None);
        Time.Advance(TimeSpan.FromSeconds(11));
        await Store.HeartbeatAsync("node-a", 1, None);
        await Store.HeartbeatAsync("node-b", 1, None);
        Assert.Equal(["node-c"], await Store.MarkUnreachableDownAsync(FailureTimeout, None));
        Assert.NotEqual(0, c);

        var after = await Store.AllocateShardsAsync(Request(9, maxSimultaneous: 1), None);

        Assert.DoesNotContain(after, l => l.Owner == "node-c");
        Assert.Equal(new Dictionary<string, int> { ["node-a"] = 5, ["node-b"] = 4 }.Values.Order(), OwnerCounts(after).Values.Order());
        Assert.All(after.Where(l => before[l.Shard].Owner == "node-c"), l => Assert.Equal(before[l.Shard].Epoch + 1, l.Epoch));
    }

    [Fact]
    public async Task A_joining_member_receives_shards_by_hand_off_at_most_max_simultaneous_at_a_time()
    {
        await JoinAsync("node-a");
        await Store.AllocateShardsAsync(Request(8, maxSimultaneous: 2), None);
        await JoinAsync("node-b");

        for (var round = 0; round < 10; round++)
        {
            var leases = await Store.AllocateShardsAsync(Request(8, maxSimultaneous: 2), None);
            var handingOff = leases.Where(l => l.HandOffTo is not null).ToList();
            Assert.True(handingOff.Count <= 2, $"{handingOff.Count} hand-offs at once");
            if (handingOff.Count == 0)
            {
                break;
            }

            // The owner still owns the shard until it completes the hand-off, and reads nothing meanwhile.
            Assert.All(handingOff, l => Assert.Equal("node-a", l.Owner));
            foreach (var lease in handingOff)
            {
                Assert.True(await Store.CompleteHandOffAsync("counter", lease.Shard, "node-a", None));
            }
        }

        Assert.Equal(new Dictionary<string, int> { ["node-a"] = 4, ["node-b"] = 4 }, OwnerCounts(await Store.GetShardLeasesAsync("counter", None)));
    }

    [Fact]
    public async Task A_leaving_member_hands_every_shard_over_and_a_stale_hand_off_is_refused()
    {
        var a = await JoinAsync("node-a");
        await JoinAsync("node-b");
        await Store.AllocateShardsAsync(Request(6, maxSimultaneous: 1), None);
        await Store.BeginLeaveAsync("node-a", a, None);

        var leases = await Store.AllocateShardsAsync(Request(6, maxSimultaneous: 1), None);
        var fromA = leases.Where(l => l.Owner == "node-a").ToList();
        Assert.Equal(3, fromA.Count);
        Assert.All(fromA, l => Assert.Equal("node-b", l.HandOffTo));
        foreach (var lease in fromA)
        {
            Assert.True(await Store.CompleteHandOffAsync("counter", lease.Shard, "node-a", None));
            Assert.False(await Store.CompleteHandOffAsync("counter", lease.Shard, "node-a", None));
        }

        Assert.All(await Store.GetShardLeasesAsync("counter", None), l => Assert.Equal("node-b", l.Owner));
    }

    [Fact]
    public async Task Concurrent_allocation_rounds_from_many_store_instances_agree()
    {
        await JoinAsync("node-a");
        await JoinAsync("node-b");
        await JoinAsync("node-c");
        var others = new List<IClusterStore>();
        for (var i = 0; i < 3; i++)
        {
            others.Add(await OpenInitializedAsync());
        }

        var rounds = Enumerable.Range(0, 12).Select(i => others[i % others.Count].AllocateShardsAsync(Request(30), None));
        var results = await Task.WhenAll(rounds);

        var final = await Store.GetShardLeasesAsync("counter", None);
        Assert.Equal(30, final.Count);
        Assert.Equal([10, 10, 10], OwnerCounts(final).Values);
        Assert.All(results, r => Assert.Equal(final.Select(l => l.Owner), r.Select(l => l.Owner)));
    }

    [Fact]
    public async Task The_shard_inbox_gives_the_owner_its_messages_in_order_and_skips_repeated_message_ids()
    {
        await JoinAsync("node-a");
        await JoinAsync("node-b");
        var owner = (await Store.AllocateShardsAsync(Request(1), None))[0].Owner!;
        var other = owner == "node-a" ? "node-b" : "node-a";

        await Store.EnqueueShardMessagesAsync("counter", 0, [("e1", Message("m1", "1")), ("e2", Message("m2", "2"))], None);
        await Store.EnqueueShardMessagesAsync("counter", 0, [("e1", Message("m3", "3")), ("e1", Message("m1", "again"))], None);

        var fetched = await Store.FetchShardMessagesAsync("counter", 0, owner, 0, 10, None);
        Assert.Equal(["m1", "m2", "m3"], fetched.Select(m => m.MessageId));
        Assert.Equal(["e1", "e2", "e1"], fetched.Select(m => m.EntityId));
        Assert.Equal(["1", "2", "3"], fetched.Select(m => m.Payload));
        Assert.True(fetched[0].Sequence < fetched[1].Sequence && fetched[1].Sequence < fetched[2].Sequence);
        Assert.Empty(await Store.FetchShardMessagesAsync("counter", 0, other, 0, 10, None));
        Assert.Equal(["m2", "m3"], (await Store.FetchShardMessagesAsync("counter", 0, owner, fetched[0].Sequence, 2, None)).Select(m => m.MessageId));
        Assert.Equal(3, await Store.CountShardMessagesAsync("counter", None));
    }

    [Fact]
    public async Task Acknowledged_messages_are_gone_and_the_rest_survive_reopening_the_store()
    {
        await JoinAsync("node-a");
        await Store.AllocateShardsAsync(Request(1), None);
        await Store.EnqueueShardMessagesAsync("counter", 0, [.. Enumerable.Range(0, 5).Select(i => ("e", Message($"m{i}")))], None);
        var fetched = await Store.FetchShardMessagesAsync("counter", 0, "node-a", 0, 10, None);

        await Store.AckShardMessagesAsync("counter", [fetched[0].Sequence, fetched[2].Sequence], None);

        var reopened = await OpenInitializedAsync();
        var left = await reopened.FetchShardMessagesAsync("counter", 0, "node-a", 0, 10, None);
        Assert.Equal(["m1", "m3", "m4"], left.Select(m => m.MessageId));
    }

    [Fact]
    public async Task A_shard_being_handed_off_delivers_nothing_until_the_new_owner_has_it()
    {
        await JoinAsync("node-a");
        await Store.AllocateShardsAsync(Request(2), None);
        await JoinAsync("node-b");
        var moving = (await Store.AllocateShardsAsync(Request(2), None)).Single(l => l.HandOffTo is not null);
        await Store.EnqueueShardMessagesAsync("counter", moving.Shard, [("e", Message("m1"))], None);

        Assert.Empty(await Store.FetchShardMessagesAsync("counter", moving.Shard, "node-a", 0, 10, None));
        Assert.Empty(await Store.FetchShardMessagesAsync("counter", moving.Shard, "node-b", 0, 10, None));
        await Store.CompleteHandOffAsync("counter", moving.Shard, "node-a", None);
        Assert.Single(await Store.FetchShardMessagesAsync("counter", moving.Shard, "node-b", 0, 10, None));
    }

    [Fact]
    public async Task Node_messages_reach_only_their_node_in_order()
    {
        await Store.EnqueueNodeMessageAsync("node-a", Message("start-1", "rank 0"), None);
        await Store.EnqueueNodeMessageAsync("node-b", Message("start-2", "rank 1"), None);
        await Store.EnqueueNodeMessageAsync("node-a", Message("start-3", "rank 2"), None);
        await Store.EnqueueNodeMessageAsync("node-a", Message("start-1", "repeated"), None);

        var forA = await Store.FetchNodeMessagesAsync("node-a", 0, 10, None);
        Assert.Equal(["rank 0", "rank 2"], forA.Select(m => m.Payload));
        await Store.AckNodeMessagesAsync("node-a", [forA[0].Sequence], None);
        Assert.Equal(["start-3"], (await Store.FetchNodeMessagesAsync("node-a", 0, 10, None)).Select(m => m.MessageId));
        Assert.Equal(["start-2"], (await Store.FetchNodeMessagesAsync("node-b", 0, 10, None)).Select(m => m.MessageId));
    }

    [Fact]
    public async Task A_singleton_has_one_holder_at_a_time_and_is_taken_over_when_the_holder_is_down()
    {
        await JoinAsync("node-a");
        var b = await JoinAsync("node-b");
        Assert.True(await Store.TryAcquireSingletonAsync("coordinator", "node-a", None));
        Assert.False(await Store.TryAcquireSingletonAsync("coordinator", "node-b", None));
        Assert.True(await Store.TryAcquireSingletonAsync("coordinator", "node-a", None));

        Time.Advance(TimeSpan.FromSeconds(11));
        await Store.HeartbeatAsync("node-b", b, None);
        await Store.MarkUnreachableDownAsync(FailureTimeout, None);

        Assert.True(await Store.TryAcquireSingletonAsync("coordinator", "node-b", None));
        Assert.Equal("node-b", await Store.GetSingletonHolderAsync("coordinator", None));
        await Store.ReleaseSingletonAsync("coordinator", "node-a", None);
        Assert.Equal("node-b", await Store.GetSingletonHolderAsync("coordinator", None));
        await Store.ReleaseSingletonAsync("coordinator", "node-b", None);
        Assert.Null(await Store.GetSingletonHolderAsync("coordinator", None));
    }

    [Fact]
    public async Task Remembered_entities_are_listed_per_shard_until_forgotten()
    {
        await Store.RememberEntityAsync("counter", 3, "b", None);
        await Store.RememberEntityAsync("counter", 3, "a", None);
        await Store.RememberEntityAsync("counter", 3, "a", None);
        await Store.RememberEntityAsync("counter", 4, "c", None);

        Assert.Equal(["a", "b"], await Store.GetRememberedEntitiesAsync("counter", 3, None));
        await Store.ForgetEntityAsync("counter", 3, "a", None);
        Assert.Equal(["b"], await Store.GetRememberedEntitiesAsync("counter", 3, None));
    }

    [Fact]
    public async Task Enqueueing_wakes_a_subscriber()
    {
        var woken = new TaskCompletionSource<ClusterSignal>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = Store.SignalsAcrossProcesses ? await OpenInitializedAsync() : Store;
        await using var subscription = await reader.SubscribeAsync(
            s => { if (s.Kind == ClusterSignalKind.ShardMessage) { woken.TrySetResult(s); } }, None);

        await Store.EnqueueShardMessagesAsync("counter", 7, [("e", Message("m1"))], None);

        var signal = await woken.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(("counter", 7), (signal.EntityType, signal.Shard));
    }

    [Fact]
    public async Task Initializing_an_already_initialized_store_again_is_harmless()
    {
        await JoinAsync("node-a");
        var again = await Task.WhenAll(OpenInitializedAsync(), OpenInitializedAsync());

        Assert.Single(await again[0].GetMembersAsync(None));
    }
}
