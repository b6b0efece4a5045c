namespace PoseCluster.IntegrationTests.Nodes;

/// <summary>The JSON of <c>GET /api/cluster</c>, as a client reads it.</summary>
internal sealed record ClusterView(string Self, string? Leader, IReadOnlyList<MemberView> Members, IReadOnlyList<string> Unreachable, IReadOnlyList<RegionView> Regions)
{
    /// <summary>Addresses of the members with status Up.</summary>
    public IReadOnlyList<string> Up => [.. Members.Where(m => m.Status == "Up").Select(m => m.Address)];

    /// <summary>The region of entity type <paramref name="type"/>, if the node hosts or proxies it.</summary>
    public RegionView? Region(string type) => Regions.FirstOrDefault(r => r.Type == type);
}

/// <summary>One member in <see cref="ClusterView"/>.</summary>
internal sealed record MemberView(string Address, string Status, IReadOnlyList<string> Roles);

/// <summary>One entity type in <see cref="ClusterView"/>.</summary>
internal sealed record RegionView(string Type, int Shards, int Entities);
