using System.Diagnostics;
using PoseCluster.Runtime.Cluster;
using PoseCluster.Runtime.Tests.Cluster;

namespace PoseCluster.IntegrationTests.Cluster;

/// <summary>
/// ARCHITECTURE §3 end to end: real <c>posecluster node</c> processes on 127.0.0.1, the demo counter
/// entity, 10,000 messages to 1,000 counters, and one node disturbed mid-stream.
/// </summary>
public sealed class MultiProcessClusterTests
{
    private static readonly string[] Addresses = ["127.0.0.1:7101", "127.0.0.1:7102", "127.0.0.1:7103"];

    // Connecting may be slow on a loaded CI machine: a generous connect timeout for the node processes.

    [Fact]
    public async Task Three_nodes_on_postgres_lose_nothing_and_apply_nothing_twice_when_one_is_killed_mid_stream()
    {
        var database = await TestPostgres.CreateDatabaseAsync("it_kill");
        try
        {
            await using var scenario = new CounterClusterScenario("postgres:" + database + ";Timeout=60", minMembers: 3);
            await scenario.InitializeAsync();
            await scenario.StartThreeNodesAndSendFirstRoundsAsync(Addresses);

            var victim = scenario.Nodes[1];
            victim.Kill();
            var killed = Stopwatch.StartNew();
            await scenario.SendRemainingRoundsAsync();

            var survivors = Addresses.Where(a => a != victim.Address).ToList();
            await scenario.AwaitOwnersAsync(survivors, CounterClusterScenario.FailureTimeout + TimeSpan.FromSeconds(10) - killed.Elapsed);
            await scenario.AssertEveryCounterIsExactAsync();
            var members = await scenario.Store.GetMembersAsync(CancellationToken.None);
            Assert.Equal(MemberStatus.Down, members.Single(m => m.Address == victim.Address).Status);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task Three_nodes_on_postgres_lose_nothing_and_apply_nothing_twice_when_one_leaves_gracefully_mid_stream()
    {
        var database = await TestPostgres.CreateDatabaseAsync("it_leave");
        try
        {
            await using var scenario = new CounterClusterScenario("postgres:" + database + ";Timeout=60", minMembers: 3);
            await scenario.InitializeAsync();
            await scenario.StartThreeNodesAndSendFirstRoundsAsync(Addresses);

            var leaver = scenario.Nodes[0];
            var leaving = leaver.SignalAsync("TERM", TimeSpan.FromSeconds(45));
            await scenario.SendRemainingRoundsAsync();

            await leaving;
            Assert.True(leaver.ExitCode == 0, $"exit code {leaver.ExitCode}:\n{leaver.Output}");
            Assert.Contains($"node {leaver.Address} left", leaver.Output);
            var survivors = Addresses.Where(a => a != leaver.Address).ToList();
            await scenario.AwaitOwnersAsync(survivors, TimeSpan.FromSeconds(10));
            await scenario.AssertEveryCounterIsExactAsync();
            var members = await scenario.Store.GetMembersAsync(CancellationToken.None);
            Assert.Equal(MemberStatus.Left, members.Single(m => m.Address == leaver.Address).Status);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task One_node_on_sqlite_loses_nothing_and_applies_nothing_twice_when_killed_and_restarted_mid_stream()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"posecluster-it-sqlite-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            await using var scenario = new CounterClusterScenario($"sqlite:{Path.Combine(folder, "cluster.db")}", minMembers: 1);
            await scenario.InitializeAsync();
            var node = await scenario.StartNodeAsync(Addresses[0]);
            await scenario.AwaitOwnersAsync([node.Address], TimeSpan.FromSeconds(60));

            for (var round = 1; round <= 3; round++)
            {
                await scenario.SendRoundAsync(round);
            }

            await Eventually.AwaitAsync(async () => (await scenario.Counters.ReadAllAsync(CancellationToken.None)).Count > 0, TimeSpan.FromSeconds(60), "the node has applied something");
            node.Kill();
            await scenario.SendRemainingRoundsAsync();

            var restarted = await scenario.StartNodeAsync(Addresses[0]);
            await scenario.AssertEveryCounterIsExactAsync();
            Assert.False(restarted.HasExited);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
