using System.Diagnostics;
using PoseCluster.IntegrationTests.Nodes;
using Xunit.Abstractions;

namespace PoseCluster.IntegrationTests.Cluster;

/// <summary>
/// ARCHITECTURE §3 end to end: real <c>posecluster node</c> processes on 127.0.0.1 (Akka.Cluster over
/// TCP, split brain resolver, sharding, Akka.Persistence.Sql), the demo counter, 10,000 increments to
/// 1,000 persistent counters sent at-least-once through HTTP, and one node disturbed mid-stream.
/// One collection: never two clusters at once on the 2-core machine.
/// </summary>
[Collection(nameof(MultiProcessClusterTests))]
public sealed class MultiProcessClusterTests(ITestOutputHelper output)
{
    private const int Shards = 30;
    private static readonly TimeSpan Formation = TimeSpan.FromSeconds(90);
    // Failure detection (7 s pause) + 2 x stable-after (4 s) + margin for a loaded machine.
    private static readonly TimeSpan Failover = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan RoundTimeout = TimeSpan.FromSeconds(120);

    private static Dictionary<string, string> Settings(string persistenceUrl) => new(StringComparer.Ordinal)
    {
        ["persistence.url"] = persistenceUrl,
        ["node.demo_counter"] = "on",
        ["node.shards_per_type"] = Shards.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["node.ask_timeout"] = "5s",
        ["node.roles"] = "[api, worker]",
    };

    [Fact]
    public async Task Three_nodes_on_postgres_count_exactly_when_one_is_killed_mid_stream_and_another_leaves()
    {
        var database = await TestPostgres.CreateDatabaseAsync("it_akka_kill");
        try
        {
            await using var cluster = new NodeCluster(Settings("postgres:" + database + ";Maximum Pool Size=20"));
            var clock = Stopwatch.StartNew();
            await cluster.StartAsync(3);
            await cluster.AwaitMembersAsync(cluster.Nodes[0], cluster.Nodes, Formation);
            var view = await cluster.Nodes[2].ClusterAsync();
            Assert.Equal(3, view.Up.Count);
            Assert.NotNull(view.Leader);
            output.WriteLine($"3 nodes Up after {clock.Elapsed.TotalSeconds:0.0} s");

            var traffic = new CounterTraffic(() => cluster.Running);
            await traffic.SendRoundsAsync(1, 3, RoundTimeout);

            // SIGKILL a node that is not the oldest (Nodes[0], the seed, hosts the coordinator); traffic goes on through the others.
            var victim = cluster.Nodes[2];
            victim.Kill();
            var killed = Stopwatch.StartNew();
            await traffic.SendRoundsAsync(4, CounterTraffic.Rounds, RoundTimeout);
            var survivors = cluster.Running;
            await cluster.AwaitMembersAsync(survivors[0], survivors, Failover);
            output.WriteLine($"victim downed and every increment acknowledged {killed.Elapsed.TotalSeconds:0.0} s after the kill; {traffic.Resent} increments resent");
            await AssertSurvivorsOwnEveryShardAsync(cluster, survivors[0]);
            await CounterTraffic.AssertExactAsync(survivors[1], CounterTraffic.Rounds);

            // SIGTERM: a graceful leave hands the shards over and exits 0; the last node still counts exactly.
            var leaver = survivors[1];
            Assert.True(await leaver.TerminateAsync(TimeSpan.FromSeconds(60)) == 0, leaver.Output);
            Assert.Contains($"node {leaver.Address} left", leaver.Stdout, StringComparison.Ordinal);
            await cluster.AwaitMembersAsync(survivors[0], [survivors[0]], Failover);
            await CounterTraffic.AssertExactAsync(survivors[0], CounterTraffic.Rounds);
            output.WriteLine($"test done in {clock.Elapsed.TotalSeconds:0.0} s");
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task Three_nodes_on_postgres_count_exactly_when_the_oldest_node_is_killed_mid_stream()
    {
        var database = await TestPostgres.CreateDatabaseAsync("it_akka_oldest");
        try
        {
            await using var cluster = new NodeCluster(Settings("postgres:" + database + ";Maximum Pool Size=20"));
            var clock = Stopwatch.StartNew();
            await cluster.StartAsync(3);
            await cluster.AwaitMembersAsync(cluster.Nodes[0], cluster.Nodes, Formation);
            var traffic = new CounterTraffic(() => cluster.Running);
            await traffic.SendRoundsAsync(1, 3, RoundTimeout);

            // The oldest node (the seed) hosts the shard coordinator, a singleton: its successor recovers it from the journal.
            var oldest = cluster.Nodes[0];
            oldest.Kill();
            var killed = Stopwatch.StartNew();
            await traffic.SendRoundsAsync(4, CounterTraffic.Rounds, RoundTimeout);
            var survivors = cluster.Running;
            await cluster.AwaitMembersAsync(survivors[0], survivors, Failover);
            output.WriteLine($"oldest downed and every increment acknowledged {killed.Elapsed.TotalSeconds:0.0} s after the kill; {traffic.Resent} increments resent");
            await AssertSurvivorsOwnEveryShardAsync(cluster, survivors[1]);
            await CounterTraffic.AssertExactAsync(survivors[0], CounterTraffic.Rounds);
            output.WriteLine($"test done in {clock.Elapsed.TotalSeconds:0.0} s");
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task The_embedded_sqlite_node_counts_exactly_when_killed_and_restarted_mid_stream()
    {
        await using var cluster = new NodeCluster(Settings("sqlite:.posecluster/akka.db"));
        var clock = Stopwatch.StartNew();
        var options = NodeOptions.Create(cluster.Folder, [], Settings("sqlite:.posecluster/akka.db"));
        var node = await cluster.StartAsync(options);
        var view = await node.ClusterAsync();
        Assert.Equal([node.Address], view.Up);

        output.WriteLine($"node Up after {clock.Elapsed.TotalSeconds:0.0} s");

        var traffic = new CounterTraffic(() => cluster.Running);
        await traffic.SendRoundsAsync(1, 3, RoundTimeout);
        output.WriteLine($"3,000 increments acknowledged after {clock.Elapsed.TotalSeconds:0.0} s");
        node.Kill();

        // The same folder, port and SQLite file: the counters recover from the journal.
        var restarted = await cluster.StartAsync(options);
        output.WriteLine($"restarted and Up after {clock.Elapsed.TotalSeconds:0.0} s");
        await traffic.SendRoundsAsync(4, CounterTraffic.Rounds, RoundTimeout);
        output.WriteLine($"10,000 increments acknowledged after {clock.Elapsed.TotalSeconds:0.0} s");
        await CounterTraffic.AssertExactAsync(restarted, CounterTraffic.Rounds);
        Assert.True(File.Exists(Path.Combine(options.Folder, ".posecluster", "akka.db")));

        Assert.True(await restarted.TerminateAsync(TimeSpan.FromSeconds(60)) == 0, restarted.Output);
        Assert.Contains($"node {restarted.Address} left", restarted.Stdout, StringComparison.Ordinal);
        output.WriteLine($"test done in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    // Every counter is read first: that allocates each shard on a survivor. Sharding may be moving a shard
    // between the survivors meanwhile (rebalancing stops its counters until the next message), so read and
    // look again until the survivors' regions report every shard and every counter at once.
    private static async Task AssertSurvivorsOwnEveryShardAsync(NodeCluster cluster, NodeProcess observer)
    {
        RegionView? last = null;
        await Eventually.AwaitAsync(async () =>
        {
            await CounterTraffic.ReadAllAsync(observer);
            last = (await observer.ClusterAsync()).Region("counter");
            return last is { Shards: Shards, Entities: CounterTraffic.Counters };
        }, Failover, $"{observer.Address} reports all {Shards} counter shards and {CounterTraffic.Counters} counters on the survivors", () => $"last seen: {last}\n{cluster.Diagnostics}");
    }
}
