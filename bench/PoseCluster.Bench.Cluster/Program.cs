using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using PoseCluster.IntegrationTests;
using PoseCluster.IntegrationTests.Nodes;

// Sharded messaging across three `posecluster node` processes on 127.0.0.1 (PostgreSQL persistence from
// tools/test-postgres.sh), driven from inside the first node (POST /api/counters/load), then the failover
// time after a SIGKILL: from the kill until every counter answers again through a survivor.
// Usage: dotnet run -c Release --project bench/PoseCluster.Bench.Cluster -- [--messages N] [--counters N] [--kill other|oldest]
var messages = Option("--messages", 100_000);
var counters = Option("--counters", 1_000);
var kill = args.SkipWhile(a => a != "--kill").Skip(1).FirstOrDefault() ?? "other";
var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);

var database = await TestPostgres.CreateDatabaseAsync("bench_akka");
var folder = Directory.CreateTempSubdirectory("posecluster-bench-").FullName;
var nodes = new List<NodeProcess>();
try
{
    var settings = new Dictionary<string, string>
    {
        ["persistence.url"] = "postgres:" + database + ";Maximum Pool Size=20",
        ["node.demo_counter"] = "on",
        ["node.roles"] = "[api, worker]",
        ["node.ask_timeout"] = "2s",
    };
    var seed = NodeOptions.Create(folder, [], settings);
    var seeds = new[] { $"127.0.0.1:{seed.Port}" };
    var clock = Stopwatch.StartNew();
    nodes.Add(await NodeProcess.StartAsync(seed with { Seeds = seeds }));
    nodes.AddRange(await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => NodeProcess.StartAsync(NodeOptions.Create(folder, seeds, settings)))));
    await UntilAsync(async () => (await nodes[0].ClusterAsync()).Up.Count == 3, TimeSpan.FromMinutes(2));
    Console.WriteLine($"3 nodes Up after {clock.Elapsed.TotalSeconds:0.0} s; driver on {nodes[0].Address}; {Environment.ProcessorCount} cores, load average {LoadAverage()}");

    await LoadAsync("tell", "read", messages / 5, 64); // warm-up: shards allocated, counters started
    Console.WriteLine("| pattern | message | messages | counters | in flight | seconds | msg/s |");
    Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
    foreach (var (pattern, message, count) in new[] { ("tell", "read", messages), ("ask", "read", messages), ("tell", "increment", messages / 5), ("ask", "increment", messages / 5) })
    {
        for (var run = 0; run < 3; run++)
        {
            var result = await LoadAsync(pattern, message, count, 64);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {pattern} | {message} | {result.GetProperty("messages").GetInt32():N0} | {counters:N0} | {(pattern == "ask" ? "64" : "-")} | {result.GetProperty("seconds").GetDouble():0.00} | {result.GetProperty("messagesPerSecond").GetDouble():N0} |"));
        }
    }

    // Failover: SIGKILL, then read the counters through a survivor, again and again the ones that did not
    // answer (each read waits at most the 2 s ask timeout), until every counter has answered.
    var victim = kill == "oldest" ? nodes[0] : nodes[2];
    var reader = kill == "oldest" ? nodes[1] : nodes[0];
    Console.WriteLine($"load average before the kill: {LoadAverage()}");
    victim.Kill();
    var failover = Stopwatch.StartNew();
    double? downed = null;
    var silent = Enumerable.Range(0, counters).ToHashSet();
    while (silent.Count > 0)
    {
        if (downed is null && await DownedAsync(reader))
        {
            downed = failover.Elapsed.TotalSeconds;
        }

        silent.ExceptWith(await AnsweringAsync(reader, silent));
    }

    var served = failover.Elapsed.TotalSeconds;
    await UntilAsync(async () => await DownedAsync(reader), TimeSpan.FromMinutes(2));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"failover after SIGKILL of the {(kill == "oldest" ? "oldest node (shard coordinator)" : "youngest node")}: every counter answers again after {served:0.0} s; the victim was removed from the members after {(downed ?? failover.Elapsed.TotalSeconds):0.0} s"));
    return 0;
}
finally
{
    foreach (var node in nodes)
    {
        await node.DisposeAsync();
    }

    await TestPostgres.DropDatabaseAsync(database);
    Directory.Delete(folder, recursive: true);
}

async Task<JsonElement> LoadAsync(string pattern, string message, int count, int inFlight)
{
    using var response = await nodes[0].Http.PostAsJsonAsync("api/counters/load", new { pattern, message, messages = count, counters, inFlight }, json);
    response.EnsureSuccessStatusCode();
    return await response.Content.ReadFromJsonAsync<JsonElement>(json);
}

async Task<bool> DownedAsync(NodeProcess observer)
{
    try
    {
        var view = await observer.ClusterAsync();
        return view.Members.Count == nodes.Count - 1 && view.Unreachable.Count == 0;
    }
    catch (HttpRequestException)
    {
        return false;
    }
}

async Task<IEnumerable<int>> AnsweringAsync(NodeProcess observer, IReadOnlyCollection<int> which)
{
    using var gate = new SemaphoreSlim(64);
    var answers = await Task.WhenAll(which.Select(async i =>
    {
        await gate.WaitAsync();
        try
        {
            using var response = await observer.Http.GetAsync($"api/counters/load-{i}");
            return (i, Answered: response.IsSuccessStatusCode);
        }
        catch (HttpRequestException)
        {
            return (i, Answered: false);
        }
        finally
        {
            gate.Release();
        }
    }));
    return answers.Where(a => a.Answered).Select(a => a.i);
}

static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
{
    var deadline = DateTime.UtcNow + timeout;
    while (!await condition())
    {
        if (DateTime.UtcNow > deadline)
        {
            throw new TimeoutException($"gave up after {timeout.TotalSeconds} s");
        }

        await Task.Delay(200);
    }
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

int Option(string name, int fallback)
{
    var value = args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
    return value is null ? fallback : int.Parse(value, CultureInfo.InvariantCulture);
}
