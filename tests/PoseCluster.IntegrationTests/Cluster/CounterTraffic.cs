using System.Net.Http.Json;
using System.Text.Json;
using PoseCluster.IntegrationTests.Nodes;

namespace PoseCluster.IntegrationTests.Cluster;

/// <summary>
/// At-least-once traffic to the demo counters through the nodes' HTTP endpoints: round r adds r to each
/// of 1,000 counters with command ids <c>counter-e/r</c>; every increment without an acknowledgement
/// (a node died, a shard is failing over) is sent again, to any running node, until acknowledged.
/// The counters apply each command id once, so the sums must come out exact.
/// </summary>
internal sealed class CounterTraffic(Func<IReadOnlyList<NodeProcess>> targets)
{
    public const int Counters = 1_000;
    public const int Rounds = 10;
    private const int Batch = 250;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Increments that had to be sent more than once.</summary>
    public int Resent { get; private set; }

    /// <summary>Sends rounds <paramref name="first"/> to <paramref name="last"/>, each until every increment is acknowledged.</summary>
    public async Task SendRoundsAsync(int first, int last, TimeSpan timeoutPerRound)
    {
        for (var round = first; round <= last; round++)
        {
            await SendRoundAsync(round, timeoutPerRound);
        }
    }

    private async Task SendRoundAsync(int round, TimeSpan timeout)
    {
        var pending = Enumerable.Range(0, Counters).Select(e => new Increment($"counter-{e}", $"counter-{e}/{round}", round)).ToList();
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var nodes = targets();
            var batches = pending.Chunk(Batch).ToList();
            var results = await Task.WhenAll(batches.Select((batch, i) => SendAsync(nodes[i % nodes.Count], batch)));
            var acknowledged = results.SelectMany(r => r).ToHashSet(StringComparer.Ordinal);
            pending = [.. pending.Where(p => !acknowledged.Contains(p.Command))];
            if (pending.Count == 0)
            {
                return;
            }

            Resent += pending.Count;
            Assert.True(DateTime.UtcNow < deadline, $"round {round}: {pending.Count} increments still unacknowledged after {timeout.TotalSeconds} s");
            await Task.Delay(500);
        }
    }

    private static async Task<IReadOnlyList<string>> SendAsync(NodeProcess node, Increment[] batch)
    {
        try
        {
            using var response = await node.Http.PostAsJsonAsync("api/counters/increments", new { increments = batch }, Json);
            if (!response.IsSuccessStatusCode)
            {
                return [];
            }

            var result = await response.Content.ReadFromJsonAsync<IncrementsResult>(Json);
            return [.. result!.Acknowledged.Select(a => a.Command)];
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // The node died or is failing over: these increments are sent again.
            return [];
        }
    }

    /// <summary>Reads every counter through <paramref name="reader"/>: each holds 1 + 2 + … + rounds from exactly <paramref name="rounds"/> commands.</summary>
    public static async Task AssertExactAsync(NodeProcess reader, int rounds)
    {
        var expected = rounds * (rounds + 1) / 2;
        var readings = await ReadAllAsync(reader);
        var wrong = readings.Where(r => r.Value != expected || r.Increments != rounds).Select(r => $"{r.Counter}={r.Value} ({r.Increments} commands)").ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {Counters} counters differ from {expected} ({rounds} commands): {string.Join(", ", wrong.Take(10))}");
    }

    /// <summary>Reads every counter once through <paramref name="reader"/> (which starts each one, and allocates every shard).</summary>
    public static async Task<IReadOnlyList<Reading>> ReadAllAsync(NodeProcess reader)
    {
        using var gate = new SemaphoreSlim(16);
        return await Task.WhenAll(Enumerable.Range(0, Counters).Select(async e =>
        {
            await gate.WaitAsync();
            try
            {
                return (await reader.Http.GetFromJsonAsync<Reading>($"api/counters/counter-{e}", Json))!;
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    private sealed record Increment(string Counter, string Command, long Amount);

    private sealed record IncrementsResult(IReadOnlyList<Acknowledged> Acknowledged);

    private sealed record Acknowledged(string Command, long Value);

    /// <summary>One counter's answer to <c>GET /api/counters/{id}</c>.</summary>
    public sealed record Reading(string Counter, long Value, int Increments);
}
