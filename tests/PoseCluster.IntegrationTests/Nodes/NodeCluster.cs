namespace PoseCluster.IntegrationTests.Nodes;

/// <summary>
/// A set of node processes on 127.0.0.1 in one temporary folder, sharing settings; the first node is
/// every node's seed. Disposing kills whatever still runs and removes the folder; <see cref="Diagnostics"/>
/// gives every node's output for a failing assertion.
/// </summary>
internal sealed class NodeCluster : IAsyncDisposable
{
    private readonly List<NodeProcess> _nodes = [];
    private readonly Dictionary<string, string> _settings;

    public NodeCluster(IReadOnlyDictionary<string, string> settings)
    {
        _settings = new Dictionary<string, string>(settings, StringComparer.Ordinal);
        Folder = Directory.CreateTempSubdirectory("posecluster-it-").FullName;
    }

    public string Folder { get; }

    public IReadOnlyList<NodeProcess> Nodes => _nodes;

    /// <summary>The nodes that have not exited.</summary>
    public IReadOnlyList<NodeProcess> Running => [.. _nodes.Where(n => !n.HasExited)];

    /// <summary>
    /// Starts <paramref name="count"/> nodes at once and waits until each is Up. <c>Nodes[0]</c> is the seed:
    /// it joins itself and the others join through it, so it is also the oldest member.
    /// </summary>
    public async Task StartAsync(int count)
    {
        var seed = NodeOptions.Create(Folder, [], _settings);
        var seeds = new[] { $"127.0.0.1:{seed.Port}" };
        var starts = new[] { seed with { Seeds = seeds } }
            .Concat(Enumerable.Range(1, count - 1).Select(_ => NodeOptions.Create(Folder, seeds, _settings)))
            .Select(NodeProcess.StartAsync)
            .ToList();
        try
        {
            await Task.WhenAll(starts);
        }
        finally
        {
            // In the seed-first order, and also the ones that came up when another failed (so Dispose kills them).
            _nodes.AddRange(starts.Where(s => s.IsCompletedSuccessfully).Select(s => s.Result));
        }
    }

    /// <summary>Starts one node with <paramref name="options"/> and keeps it in <see cref="Nodes"/>.</summary>
    public async Task<NodeProcess> StartAsync(NodeOptions options)
    {
        var node = await NodeProcess.StartAsync(options);
        _nodes.Add(node);
        return node;
    }

    /// <summary>Waits until <paramref name="observer"/> sees exactly <paramref name="expected"/> as Up members and nobody unreachable.</summary>
    public Task AwaitMembersAsync(NodeProcess observer, IReadOnlyCollection<NodeProcess> expected, TimeSpan timeout) =>
        Eventually.AwaitAsync(async () =>
        {
            var view = await observer.ClusterAsync();
            return view.Members.Count == expected.Count && view.Unreachable.Count == 0
                && expected.All(n => view.Up.Contains(n.Address));
        }, timeout, $"{observer.Address} sees {string.Join(", ", expected.Select(n => n.Address))} Up and nobody else", () => Diagnostics);

    /// <summary>Every node's stdout and stderr.</summary>
    public string Diagnostics => string.Join("\n", _nodes.Select(n => n.Output));

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }
}
