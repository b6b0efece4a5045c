using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using PoseCluster.Host.Cli;
using PoseCluster.Host.Tests.Cli;

namespace PoseCluster.Host.Tests.Node;

/// <summary>
/// <c>posecluster node</c> in-process on embedded defaults (joins itself, SQLite under posecluster.home):
/// the JSON of <c>GET /api/cluster</c>, <c>cluster status</c>, the write guard, a graceful stop.
/// </summary>
public sealed class EmbeddedNodeTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("posecluster-embedded-node-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_home, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task An_embedded_node_serves_the_cluster_json_guards_writes_and_leaves_with_exit_0()
    {
        var url = $"http://127.0.0.1:{FreePort()}/";
        var environment = new Dictionary<string, string>
        {
            ["POSECLUSTER__home"] = _home,
            ["POSECLUSTER__node__demo_counter"] = "on",
            ["POSECLUSTER__http__token"] = "s3cret",
        };
        using var output = new StringWriter();
        var stdout = TextWriter.Synchronized(output);
        string Printed()
        {
            // SyncTextWriter locks on itself while writing.
            lock (stdout)
            {
                return output.ToString();
            }
        }

        using var stop = new CancellationTokenSource();
        var run = PoseClusterCli.RunAsync(["node", "--port", "0", "--http", url], new CliContext(stdout, TextWriter.Null, environment), stop.Token);
        try
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
            while (!Printed().Contains(" up", StringComparison.Ordinal))
            {
                Assert.False(run.IsCompleted, $"the node ended early: {Printed()}");
                Assert.True(DateTime.UtcNow < deadline, "the node was not up within 90 s");
                await Task.Delay(100);
            }

            using var http = new HttpClient { BaseAddress = new Uri(url) };
            using var cluster = JsonDocument.Parse(await http.GetStringAsync("api/cluster"));
            var root = cluster.RootElement;
            Assert.Equal(["self", "leader", "members", "unreachable", "regions"], root.EnumerateObject().Select(p => p.Name));
            var self = root.GetProperty("self").GetString()!;
            Assert.StartsWith("akka.tcp://posecluster@127.0.0.1:", self, StringComparison.Ordinal);
            Assert.Equal(self, root.GetProperty("leader").GetString());
            var member = Assert.Single(root.GetProperty("members").EnumerateArray());
            Assert.Equal(["address", "status", "roles"], member.EnumerateObject().Select(p => p.Name));
            Assert.Equal("Up", member.GetProperty("status").GetString());
            Assert.Equal(["api", "trainer", "worker"], member.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
            Assert.Empty(root.GetProperty("unreachable").EnumerateArray());
            Assert.Equal(["type", "shards", "entities"], root.GetProperty("regions")[0].EnumerateObject().Select(p => p.Name));
            Assert.Equal("counter", root.GetProperty("regions")[0].GetProperty("type").GetString());

            // Writes need the bearer token; reads do not.
            var body = new { increments = new[] { new { counter = "a", command = "a/1", amount = 4 } } };
            using (var refused = await http.PostAsJsonAsync("api/counters/increments", body))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            }

            using (var wrong = new HttpRequestMessage(HttpMethod.Post, "api/counters/increments") { Content = JsonContent.Create(body) })
            {
                wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "guess");
                Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(wrong)).StatusCode);
            }

            using (var allowed = new HttpRequestMessage(HttpMethod.Post, "api/counters/increments") { Content = JsonContent.Create(body) })
            {
                allowed.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret");
                var answer = await http.SendAsync(allowed);
                Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
                Assert.Contains("\"value\":4", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            using (var invalid = new HttpRequestMessage(HttpMethod.Post, "api/counters/increments") { Content = JsonContent.Create(new { increments = new[] { new { counter = "a", amount = 1 } } }) })
            {
                invalid.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret");
                var answer = await http.SendAsync(invalid);
                Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
                Assert.Contains("increments[0].command", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            var status = await CliRunner.RunAsync("cluster", "status", "--api", url, "--json");
            Assert.Equal(0, status.ExitCode);
            Assert.Equal(self, JsonDocument.Parse(status.Out).RootElement.GetProperty("self").GetString());
            var table = await CliRunner.RunAsync("cluster", "status", "--api", url);
            Assert.Equal(0, table.ExitCode);
            Assert.Matches(@"(?m)^\s+akka\.tcp://posecluster@127\.0\.0\.1:\d+\s+Up\s+api,trainer,worker$", table.Out);
            Assert.Matches(@"(?m)^\s+counter\s+1\s+1$", table.Out);
            Assert.True(File.Exists(Path.Combine(_home, "akka.db")));
        }
        finally
        {
            await stop.CancelAsync();
        }

        Assert.Equal(ExitCodes.Ok, await run.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains(" left", Printed(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://0.0.0.0:{0}/")]
    [InlineData("http://10.1.2.3:{0}/")]
    public async Task A_node_refuses_a_non_loopback_http_address_without_a_token_with_exit_2(string pattern)
    {
        var url = string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, FreePort());
        var result = await CliRunner.RunAsync(new Dictionary<string, string> { ["POSECLUSTER__home"] = _home }, "node", "--port", "0", "--http", url);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("posecluster.http.token", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_home, "akka.db")));
    }

    [Fact]
    public async Task Cluster_status_exits_1_saying_no_node_answered_when_none_listens()
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var result = await CliRunner.RunAsync("cluster", "status", "--api", url);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"no node answered at {url}", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Node_flags_are_checked_before_anything_starts()
    {
        var result = await CliRunner.RunAsync("node", "--port", "-3");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--port -3", result.Error, StringComparison.Ordinal);
    }
}
