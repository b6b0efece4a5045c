using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using PoseCluster.Host.Cli;
using PoseCluster.Host.Tests.Cli;

namespace PoseCluster.Host.Tests.Node;

/// <summary>
/// The dataset and corpus endpoints and <c>datasets add|list</c> against a one-node cluster in this process
/// (<see cref="DemoNode"/>, the demo's own): field errors, the write token, 404s, and one dataset through.
/// </summary>
public sealed class DatasetEndpointsTests : IAsyncLifetime
{
    private const string Token = "s3cret";
    private readonly string _home = Directory.CreateTempSubdirectory("posecluster-dataset-endpoints-").FullName;
    private Dictionary<string, string> _environment = [];
    private DemoNode _node = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _environment = new Dictionary<string, string>
        {
            ["POSECLUSTER__home"] = _home,
            ["POSECLUSTER__http__token"] = Token,
            ["POSECLUSTER__storage__shards__target_size"] = "28000",
        };
        _node = await DemoNode.StartAsync(null, _home, new CliContext(TextWriter.Null, TextWriter.Null, _environment), http: null, trainerSlots: 1, CancellationToken.None);
        _http = new HttpClient { BaseAddress = _node.Api };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _node.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_home, recursive: true);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string json, string? token = Token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/datasets") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await _http.SendAsync(request);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static string Fixture(string kind) => Path.Combine(Testing.RepositoryRoot.Find(), "tests", "fixtures", "datasets", kind);

    [Fact]
    public async Task Bad_requests_name_each_bad_field_and_nothing_exists_before_a_dataset_is_added()
    {
        var (status, body) = await GetAsync("api/datasets");
        Assert.Equal((HttpStatusCode.OK, "{\"datasets\":[]}"), (status, body.GetRawText()));
        foreach (var path in new[] { "api/corpus", "api/corpus/v-0123456789abcdef", "api/datasets/h36m", "api/datasets/h36m/jobs/j-1" })
        {
            var (missing, error) = await GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, missing);
            Assert.False(string.IsNullOrEmpty(error.GetProperty("error").GetString()), path);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync($$"""{"name":"h36m","kind":"h36m","path":"{{Fixture("h36m")}}"}""", token: null)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync($$"""{"name":"h36m","kind":"h36m","path":"{{Fixture("h36m")}}"}""", token: "guess")).Status);

        var (badStatus, bad) = await PostAsync($$"""{"name":"a b","kind":"kinect","path":"data/h36m"}""");
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        Assert.Equal(["name", "kind", "path"], bad.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Contains("kind: unknown kind 'kinect'", bad.GetProperty("error").GetString(), StringComparison.Ordinal);

        var (_, wrongKind) = await PostAsync($$"""{"name":"mads","kind":"mads","path":"{{Fixture("h36m")}}"}""");
        Assert.Equal(["path"], wrongKind.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Contains("is not a mads dataset", wrongKind.GetProperty("errors").GetProperty("path").GetString(), StringComparison.Ordinal);

        var (_, missingPath) = await PostAsync("""{"name":"mads","kind":"mads"}""");
        Assert.StartsWith("required", missingPath.GetProperty("errors").GetProperty("path").GetString(), StringComparison.Ordinal);

        var (typeStatus, types) = await PostAsync("""{"name":7,"kind":"mads"}""");
        Assert.Equal(HttpStatusCode.BadRequest, typeStatus);
        Assert.Equal("must be a string (got number)", types.GetProperty("errors").GetProperty("name").GetString());
        Assert.StartsWith("required", types.GetProperty("errors").GetProperty("path").GetString(), StringComparison.Ordinal);

        var (notJson, text) = await PostAsync("name=h36m");
        Assert.Equal(HttpStatusCode.BadRequest, notJson);
        Assert.StartsWith("body: not JSON", text.GetProperty("error").GetString(), StringComparison.Ordinal);

        // The CLI says the same, exits 2 on bad input, and lists nothing yet.
        var api = _node.Api.ToString();
        var cliBad = await CliRunner.RunAsync(_environment, "datasets", "add", "--name", "mads", "--kind", "mads", "--path", Fixture("h36m"), "--api", api);
        Assert.Equal(2, cliBad.ExitCode);
        Assert.Contains("HTTP 400: path: ", cliBad.Error, StringComparison.Ordinal);
        Assert.Contains("is not a mads dataset", cliBad.Error, StringComparison.Ordinal);
        var list = await CliRunner.RunAsync(_environment, "datasets", "list", "--api", api);
        Assert.Equal((0, "no datasets yet"), (list.ExitCode, list.Out.Split(" (")[0]));
    }

    [Fact]
    public async Task A_dataset_added_with_the_cli_is_listed_and_its_corpus_version_is_served()
    {
        var api = _node.Api.ToString();
        var add = await CliRunner.RunAsync(_environment, "datasets", "add", "--name", "mads", "--kind", "mads", "--path", Fixture("mads"), "--api", api, "--wait");
        Assert.True(add.ExitCode == 0, add.Error);
        Assert.Contains("mads: complete", add.Error, StringComparison.Ordinal);
        var result = JsonDocument.Parse(add.Out).RootElement;
        Assert.Equal("mads", result.GetProperty("dataset").GetString());
        Assert.Equal(3, result.GetProperty("sequences").GetProperty("computed").GetInt32());
        Assert.Equal(1, result.GetProperty("sequences").GetProperty("rejected").GetInt32());
        var version = result.GetProperty("corpus_version").GetString()!;

        var listed = await CliRunner.RunAsync(_environment, "datasets", "list", "--api", api, "--json");
        var mads = Assert.Single(JsonDocument.Parse(listed.Out).RootElement.GetProperty("datasets").EnumerateArray());
        Assert.Equal(("mads", "ready"), (mads.GetProperty("name").GetString(), mads.GetProperty("status").GetString()));
        Assert.Contains("15 joints", mads.GetProperty("errors")[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        var table = await CliRunner.RunAsync(_environment, "datasets", "list", "--api", api);
        Assert.Matches(@"(?m)^mads\s+mads\s+ready\s+3\s+4\s+1\s+0\s+[0-9a-f]{12}\s", table.Out);

        var (status, corpus) = await GetAsync("api/corpus");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(version, corpus.GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, corpus.GetProperty("parent").ValueKind);
        Assert.Equal("complete", corpus.GetProperty("status").GetString());
        Assert.Equal("mads", corpus.GetProperty("datasets")[0].GetProperty("name").GetString());
        Assert.True(corpus.GetProperty("ms").GetDouble() > 100);
        Assert.Equal(3, corpus.GetProperty("clips").EnumerateObject().Sum(p => p.Value.GetInt32()));
        Assert.All(corpus.GetProperty("shards").EnumerateArray(), s => Assert.StartsWith($"corpora/{version}/", s.GetProperty("key").GetString(), StringComparison.Ordinal));
        Assert.True(corpus.GetProperty("created").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddHours(-1));
        Assert.Equal(corpus.GetRawText(), (await GetAsync($"api/corpus/{version}")).Body.GetRawText());
    }
}
