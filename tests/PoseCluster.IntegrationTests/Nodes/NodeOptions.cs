namespace PoseCluster.IntegrationTests.Nodes;

/// <summary>How to start one <c>posecluster node</c> process.</summary>
/// <param name="Folder">Working folder of the process (posecluster.home = .posecluster is relative to it).</param>
/// <param name="Port">Akka.Remote port (take it from <see cref="FreePort"/>).</param>
/// <param name="HttpPort">Kestrel port of the "api" role.</param>
/// <param name="Seeds">Seed nodes as 127.0.0.1:port; empty = join itself.</param>
/// <param name="Settings">Settings as environment overrides: <c>node.demo_counter</c> → <c>POSECLUSTER__node__demo_counter</c>.</param>
/// <param name="ConfigFile">An optional <c>--config</c> file.</param>
/// <param name="Roles">Roles (<c>--roles</c>), or null for the configured ones.</param>
internal sealed record NodeOptions(
    string Folder,
    int Port,
    int HttpPort,
    IReadOnlyList<string> Seeds,
    IReadOnlyDictionary<string, string> Settings,
    string? ConfigFile = null,
    IReadOnlyList<string>? Roles = null)
{
    /// <summary>The node's Akka address.</summary>
    public string Address => $"akka.tcp://posecluster@127.0.0.1:{Port}";

    /// <summary>Its HTTP endpoint.</summary>
    public Uri HttpUrl => new($"http://127.0.0.1:{HttpPort}/");

    /// <summary>A node in its own new folder under <paramref name="parent"/>, on free ports.</summary>
    public static NodeOptions Create(string parent, IReadOnlyList<string> seeds, IReadOnlyDictionary<string, string> settings)
    {
        var folder = Path.Combine(parent, $"node-{Guid.NewGuid():N}"[..13]);
        Directory.CreateDirectory(folder);
        return new NodeOptions(folder, FreePort.Next(), FreePort.Next(), seeds, settings);
    }
}
