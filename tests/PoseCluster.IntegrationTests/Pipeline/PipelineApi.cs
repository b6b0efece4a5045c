using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PoseCluster.Host.Http;
using PoseCluster.IntegrationTests.Nodes;
using PoseCluster.Storage.Objects;
using PoseCluster.Storage.Shards;

namespace PoseCluster.IntegrationTests.Pipeline;

/// <summary>The dataset and corpus endpoints as the integration tests drive them, and the corpus comparisons they make.</summary>
internal static class PipelineApi
{
    public static readonly string[] FourDatasets = ["h36m", "3dhp", "aistpp", "mads"];

    public static string DatasetPath(string kind) => Path.Combine(TestPostgres.RepositoryRoot(), "tests", "fixtures", "datasets", kind);

    /// <summary>POST /api/datasets; returns the job.</summary>
    public static async Task<string> AddAsync(NodeProcess node, string kind)
    {
        using var response = await node.Http.PostAsJsonAsync("api/datasets", new { name = kind, kind, path = DatasetPath(kind) });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST /api/datasets {kind}: {(int)response.StatusCode} {body}\n{node.Output}");
        return JsonSerializer.Deserialize<DatasetAcceptedView>(body, DatasetJson.Options)!.Job;
    }

    /// <summary>
    /// Asks <c>GET /api/datasets/{name}/jobs/{job}</c> of whichever node <paramref name="nodes"/> gives until the job is
    /// complete (a failed job fails the test); answers other than 200 (a node failing over) count as "not yet".
    /// </summary>
    public static async Task<DatasetJobView> WaitAsync(Func<IReadOnlyList<NodeProcess>> nodes, string name, string job, TimeSpan timeout, Func<string> diagnostics)
    {
        DatasetJobView? view = null;
        await Eventually.AwaitAsync(async () =>
        {
            var node = nodes()[0];
            using var response = await node.Http.GetAsync($"api/datasets/{name}/jobs/{job}");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return false;
            }

            view = await response.Content.ReadFromJsonAsync<DatasetJobView>(DatasetJson.Options);
            Assert.False(view!.Status == "failed", $"job {job} of {name} failed: {view.Error}\n{diagnostics()}");
            return view.Status == "complete";
        }, timeout, $"job {job} of {name} is complete", diagnostics);
        return view!;
    }

    /// <summary>GET /api/datasets/{name}: the dataset's entity answers, naming its node.</summary>
    public static async Task<DatasetView> DatasetAsync(NodeProcess node, string name) =>
        (await node.Http.GetFromJsonAsync<DatasetView>($"api/datasets/{name}", DatasetJson.Options))!;

    /// <summary>GET /api/datasets.</summary>
    public static async Task<DatasetListView> ListAsync(NodeProcess node) =>
        (await node.Http.GetFromJsonAsync<DatasetListView>("api/datasets", DatasetJson.Options))!;

    /// <summary>GET /api/corpus/{version}.</summary>
    public static async Task<CorpusView> CorpusAsync(NodeProcess node, string version) =>
        (await node.Http.GetFromJsonAsync<CorpusView>($"api/corpus/{version}", DatasetJson.Options))!;

    /// <summary>
    /// <c>posecluster harmonize</c> of the fixture datasets at once into <paramref name="folder"/>/one-shot (a real
    /// process, the same settings as the nodes); returns the manifest.
    /// </summary>
    public static async Task<CorpusManifest> HarmonizeAsync(string folder, IReadOnlyDictionary<string, string> settings, IEnumerable<string> datasets)
    {
        var output = Path.Combine(folder, "one-shot");
        var arguments = new List<string> { "harmonize" };
        foreach (var dataset in datasets)
        {
            arguments.AddRange(["--dataset", $"{dataset}={DatasetPath(dataset)}"]);
        }

        arguments.AddRange(["--out", output, "--registry", $"sqlite:{Path.Combine(folder, "one-shot.db")}", "--json"]);
        var (code, stdout, stderr) = await PosecliProcess.RunAsync(folder, settings, TimeSpan.FromMinutes(3), [.. arguments]);
        Assert.True(code == 0, $"harmonize exited {code}: {stderr}");
        var version = Directory.GetDirectories(Path.Combine(output, "corpora")).Select(Path.GetFileName).Single()!;
        return await CorpusManifest.ReadAsync(ObjectStores.Folder(output), version, CancellationToken.None);
    }

    /// <summary>Every clip of a version by clip id.</summary>
    public static async Task<Dictionary<string, float[]>> ClipsAsync(IObjectStore store, CorpusManifest manifest)
    {
        var clips = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var shard in manifest.Shards)
        {
            await using var reader = await ClipShardReader.OpenAsync(store, shard, CancellationToken.None);
            await foreach (var clip in reader.ReadClipsAsync(CancellationToken.None))
            {
                clips.Add(clip.ClipId, clip.Pose3d);
            }
        }

        return clips;
    }
}
