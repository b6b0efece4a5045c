namespace PoseCluster.Runtime.Cluster;

/// <summary>Who owns one shard of an entity type, and to whom it is being handed over.</summary>
/// <param name="EntityType">Entity type name.</param>
/// <param name="Shard">Shard number, 0 ≤ shard &lt; shard count of the type.</param>
/// <param name="Owner">Address of the owner; null while unallocated.</param>
/// <param name="HandOffTo">Address the owner is handing the shard to; null when no hand-off runs.</param>
/// <param name="Epoch">Grows with every change of owner.</param>
public sealed record ShardLease(string EntityType, int Shard, string? Owner, string? HandOffTo, long Epoch);
