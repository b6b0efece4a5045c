namespace PoseCluster.Storage.Shards;

/// <summary>A field of a shard's schema as <c>inspect</c> shows it.</summary>
/// <param name="Name">Column name.</param>
/// <param name="Type">utf8, int32, float32, bool or fixed_size_list&lt;float32&gt;[N].</param>
/// <param name="Nullable">Whether the column may hold nulls.</param>
/// <param name="Metadata">Field metadata.</param>
public sealed record ShardField(string Name, string Type, bool Nullable, IReadOnlyDictionary<string, string> Metadata);
