// Durable sharded messages per second through PostgreSQL with three `posecluster node` processes on
// this machine: every message is an inbox row (insert), delivered in order by the shard owner to a
// counter entity whose handler persists it idempotently (one transaction), then acknowledged (delete).
// Usage: dotnet run -c Release --project bench/PoseCluster.Bench.Cluster -- [messages] [entities]
using System.Diagnostics;
using System.Globalization;
using PoseCluster.Host.Node;
using PoseCluster.IntegrationTests.Cluster;
using PoseCluster.Runtime.Cluster;
using PoseCluster.Runtime.Tests.Cluster;

var messages = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
var entities = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2_000;
const int shardCount = 60;
string[] addresses = ["127.0.0.1:7401", "127.0.0.1:7402", "127.0.0.1:7403"];

var database = await TestPostgres.CreateDatabaseAsync("bench_sharding");
var folder = Directory.CreateTempSubdirectory("posecluster-bench-");
var nodes = new List<NodeProcess>();
try
{
    var storeUrl = "postgres:" + database;
    var configFile = Path.Combine(folder.FullName, "node.conf");
    await File.WriteAllTextAsync(configFile, $$"""
        posecluster.cluster {
          store = "{{storeUrl}}"
          roles = [worker]
          heartbeat-interval = 500ms
          failure-timeout = 5s
          sharding { shard-count = {{shardCount}}, min-members = 3, allocation-interval = 500ms, poll-interval = 500ms, passivate-idle-after = 0 }
          demo-counter.enabled = on
        }
        """);
    await using var store = ClusterStores.Open(storeUrl);
    await store.InitializeAsync(CancellationToken.None);
    await using var counters = new CounterTable(storeUrl);
    await counters.EnsureSchemaAsync(CancellationToken.None);

    nodes.AddRange(await Task.WhenAll(addresses.Select(a => NodeProcess.StartAsync(a, configFile))));
    var type = CounterEntity.Type(shardCount);
    await WaitAsync(async () => (await store.GetShardLeasesAsync(type.Name, CancellationToken.None)).Count(l => l.Owner is not null && l.HandOffTo is null) == shardCount, "shards allocated");

    var client = new ShardingClient(store);
    var total = Stopwatch.StartNew();
    var batch = messages.ToString(CultureInfo.InvariantCulture);
    var rows = Enumerable.Range(0, messages).Select(i => ($"counter-{i % entities}", (object)new Increment(1), $"{batch}/{i}"));
    await client.TellManyAsync(type, rows, 8, CancellationToken.None);
    var enqueued = total.Elapsed;
    await WaitAsync(async () => await store.CountShardMessagesAsync(type.Name, CancellationToken.None) == 0, "inbox drained");
    var delivered = total.Elapsed;

    var sum = (await counters.ReadAllAsync(CancellationToken.None)).Values.Sum();
    Console.WriteLine($"messages {messages}, entities {entities}, shards {shardCount}, nodes {nodes.Count}, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
    Console.WriteLine($"enqueue (4-way ShardingClient, one transaction per shard): {messages / enqueued.TotalSeconds:0} msg/s ({enqueued.TotalSeconds:0.0} s)");
    Console.WriteLine($"end to end (enqueue → delivered → persisted → acknowledged): {messages / delivered.TotalSeconds:0} msg/s ({delivered.TotalSeconds:0.0} s)");
    Console.WriteLine($"counters sum {sum} (expected {messages})");
    return sum == messages ? 0 : 1;
}
finally
{
    foreach (var node in nodes)
    {
        node.Dispose();
    }

    await TestPostgres.DropDatabaseAsync(database);
    folder.Delete(recursive: true);
}

static async Task WaitAsync(Func<Task<bool>> condition, string what)
{
    var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
    while (!await condition())
    {
        if (DateTime.UtcNow > deadline)
        {
            throw new TimeoutException($"timed out waiting until {what}");
        }

        await Task.Delay(20);
    }
}
