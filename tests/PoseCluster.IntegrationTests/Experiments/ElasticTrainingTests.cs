using System.Diagnostics;
using System.Globalization;
using Npgsql;
using PoseCluster.IntegrationTests.Nodes;
using Xunit.Abstractions;

namespace PoseCluster.IntegrationTests.Experiments;

/// <summary>
/// ARCHITECTURE §7 with real node processes on PostgreSQL: node A (api, worker: the experiment entities and the
/// trainer pool) and trainer nodes B and C with one slot each. An experiment of 1..2 ranks trains on both; SIGKILL
/// of a trainer node ends the attempt, and the next one resumes from the checkpoint on the survivor alone. With
/// 2..2 ranks the next attempt waits for a restarted node and, at the same world size, ends with exactly the
/// parameters of an undisturbed run.
/// </summary>
[Collection(nameof(Cluster.MultiProcessClusterTests))]
public sealed class ElasticTrainingTests(ITestOutputHelper output)
{
    private const string Spec = "steps = 160\nmodel.preset = tiny\ncheckpoint-every = 20\neval-clips = 16\nseed = 5\n";
    private static readonly TimeSpan Formation = TimeSpan.FromSeconds(90);
    // A run of the tiny preset plus a failover (failure detection + 2 x stable-after) on a loaded machine.
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task A_killed_trainer_node_ends_the_attempt_the_survivor_resumes_alone_and_a_same_size_resume_equals_an_undisturbed_run()
    {
        var database = await TestPostgres.CreateDatabaseAsync("it_experiments");
        try
        {
            var clock = Stopwatch.StartNew();
            var settings = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["persistence.url"] = "postgres:" + database + ";Maximum Pool Size=20",
                ["registry.url"] = RegistryUrl(database),
                ["trainer.slots"] = "1",
                ["experiments.finished_idle_timeout"] = "10s",
            };
            await using var cluster = new NodeCluster(settings);
            settings["storage.objects.folder"] = Path.Combine(cluster.Folder, "objects");
            await PoseClusterRun.HarmonizeFixturesAsync(cluster.Folder, "objects", settings["registry.url"]);
            var a = NodeOptions.Create(cluster.Folder, [], settings) with { Roles = ["api", "worker"] };
            a = a with { Seeds = [$"127.0.0.1:{a.Port}"] };
            string[] seeds = [$"127.0.0.1:{a.Port}"];
            NodeOptions Trainer() => NodeOptions.Create(cluster.Folder, seeds, settings) with { Roles = ["trainer"] };
            var api = await cluster.StartAsync(a);
            var nodes = await Task.WhenAll(cluster.StartAsync(Trainer()), cluster.StartAsync(Trainer()));
            await cluster.AwaitMembersAsync(api, [api, .. nodes], Formation);
            await AwaitTrainersAsync(api, 2, cluster);
            output.WriteLine($"3 nodes Up, 2 trainer slots after {clock.Elapsed.TotalSeconds:0.0} s");

            // Undisturbed: 2 ranks, one on each trainer node.
            var undisturbed = await ExperimentApi.SubmitAsync(api.Http, "name = undisturbed\nmin-ranks = 2\nmax-ranks = 2\n" + Spec, token: null);
            var reference = await ExperimentApi.AwaitAsync(api.Http, undisturbed, v => ExperimentApi.Status(v) == "Succeeded", RunTimeout, "it succeeded", () => cluster.Diagnostics);
            Assert.Equal([(2, 0L, "completed")], ExperimentApi.Attempts(reference));
            Assert.Equal(nodes.Select(n => n.Address).Order(), reference.GetProperty("attempts")[0].GetProperty("nodes").EnumerateArray().Select(n => n.GetString()!).Order());
            var referenceSha = ExperimentApi.FinalCheckpointSha(reference);
            output.WriteLine($"undisturbed 2-rank run done after {clock.Elapsed.TotalSeconds:0.0} s: checkpoint {referenceSha[..12]}");

            // 1..2 ranks: a trainer node is killed mid-run; the survivor resumes from the checkpoint alone.
            var elastic = await ExperimentApi.SubmitAsync(api.Http, "name = elastic\nmin-ranks = 1\nmax-ranks = 2\n" + Spec, token: null);
            await AwaitMidRunAsync(api, elastic, cluster);
            nodes[1].Kill();
            output.WriteLine($"killed {nodes[1].Address} after {clock.Elapsed.TotalSeconds:0.0} s");
            var survived = await ExperimentApi.AwaitAsync(api.Http, elastic, v => ExperimentApi.Status(v) == "Succeeded", RunTimeout, "it succeeded on the survivor", () => cluster.Diagnostics);
            var attempts = ExperimentApi.Attempts(survived);
            Assert.Equal(2, attempts.Count);
            Assert.Equal(2, attempts[0].WorldSize);
            Assert.Matches("node lost|collective|peer", attempts[0].EndReason);
            Assert.Equal((1, "completed"), (attempts[1].WorldSize, attempts[1].EndReason));
            Assert.True(attempts[1].StartStep >= 20, $"the second attempt resumed from a checkpoint, not from step {attempts[1].StartStep}");
            Assert.Equal([nodes[0].Address], survived.GetProperty("attempts")[1].GetProperty("nodes").EnumerateArray().Select(n => n.GetString()));
            output.WriteLine($"elastic run succeeded after {clock.Elapsed.TotalSeconds:0.0} s: attempt 1 ended '{attempts[0].EndReason}', attempt 2 on 1 rank from step {attempts[1].StartStep}");

            // 2..2 ranks: after a kill the next attempt waits for a new node and resumes at world size 2.
            var restarted = await cluster.StartAsync(Trainer());
            await AwaitTrainersAsync(api, 2, cluster);
            var resumed = await ExperimentApi.SubmitAsync(api.Http, "name = resumed\nmin-ranks = 2\nmax-ranks = 2\n" + Spec, token: null);
            await AwaitMidRunAsync(api, resumed, cluster);
            restarted.Kill();
            await ExperimentApi.AwaitAsync(api.Http, resumed, v => ExperimentApi.Attempts(v) is [{ EndReason: not null }, ..], RunTimeout, "its first attempt ended", () => cluster.Diagnostics);
            await cluster.StartAsync(Trainer());
            var same = await ExperimentApi.AwaitAsync(api.Http, resumed, v => ExperimentApi.Status(v) == "Succeeded", RunTimeout, "it succeeded at world size 2", () => cluster.Diagnostics);
            var again = ExperimentApi.Attempts(same);
            Assert.Equal(2, again.Count);
            Assert.Equal((2, 2, "completed"), (again[0].WorldSize, again[1].WorldSize, again[1].EndReason));
            Assert.True(again[1].StartStep >= 20, $"the second attempt resumed from a checkpoint, not from step {again[1].StartStep}");
            Assert.Equal(referenceSha, ExperimentApi.FinalCheckpointSha(same));
            output.WriteLine($"resumed 2-rank run (from step {again[1].StartStep}) ended with the undisturbed run's checkpoint after {clock.Elapsed.TotalSeconds:0.0} s");
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(database);
        }
    }

    /// <summary>Waits until the experiment trains with a checkpoint recorded and at least a quarter of its steps left.</summary>
    private static Task AwaitMidRunAsync(NodeProcess api, string id, NodeCluster cluster) =>
        ExperimentApi.AwaitAsync(api.Http, id, v => v.GetProperty("checkpoint").ValueKind == System.Text.Json.JsonValueKind.String && v.GetProperty("step").GetInt64() >= 30,
            RunTimeout, "it trains past its first checkpoint", () => cluster.Diagnostics);

    private static Task AwaitTrainersAsync(NodeProcess api, int slots, NodeCluster cluster) =>
        Eventually.AwaitAsync(async () =>
        {
            using var json = System.Text.Json.JsonDocument.Parse(await api.Http.GetStringAsync("api/trainers"));
            return json.RootElement.GetProperty("nodes").EnumerateArray().Where(n => n.GetProperty("reachable").GetBoolean()).Sum(n => n.GetProperty("slots").GetInt32()) == slots;
        }, Formation, $"the trainer pool offers {slots} reachable slots", () => cluster.Diagnostics);

    /// <summary>The registry URL (postgres://user:password@host:port/db) of a test database's connection string.</summary>
    private static string RegistryUrl(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        return string.Create(CultureInfo.InvariantCulture, $"postgres://{Uri.EscapeDataString(b.Username!)}:{Uri.EscapeDataString(b.Password!)}@{b.Host}:{b.Port}/{b.Database}");
    }
}
