using PoseCluster.IntegrationTests.Nodes;

namespace PoseCluster.IntegrationTests.Experiments;

/// <summary>
/// One embedded node process (the demo's setup: joins itself; SQLite journal and registry; folder object store
/// under its folder's .posecluster) with 2 trainer slots — so both ranks of an attempt run in its process — and a
/// bearer token for writes; the committed fixtures harmonized into 4-frame clips before it starts.
/// </summary>
public sealed class EmbeddedTrainerNode : IAsyncLifetime
{
    /// <summary>The token writes need.</summary>
    public const string Token = "it-token";

    private NodeCluster cluster = null!;

    internal NodeProcess Node { get; private set; } = null!;

    /// <summary>The corpus version the fixtures became.</summary>
    public string Corpus { get; private set; } = "";

    /// <summary>The node's working folder (its .posecluster holds the registry and the objects).</summary>
    public string Folder => Node.Options.Folder;

    internal string Diagnostics => cluster.Diagnostics;

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["trainer.slots"] = "2",
            ["http.token"] = Token,
            ["experiments.finished_idle_timeout"] = "10s",
        };
        cluster = new NodeCluster(settings);
        var options = NodeOptions.Create(cluster.Folder, [], settings);
        Corpus = await PoseClusterRun.HarmonizeFixturesAsync(options.Folder, ".posecluster/objects", "sqlite:.posecluster/registry.db");
        Node = await cluster.StartAsync(options);
    }

    public async Task DisposeAsync() => await cluster.DisposeAsync();
}
