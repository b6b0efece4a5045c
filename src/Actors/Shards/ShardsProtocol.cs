using PoseCluster.Actors.Serialization;
using PoseCluster.Actors.Sharding;
using PoseCluster.Datasets.Pipeline;
using PoseCluster.Storage.Pipeline;

namespace PoseCluster.Actors.Shards;

// Shard writing (docs/AUGMOTION.md, "The cluster"): one planned shard per ShardWriter entity. The assignment
// names the windows (sequences, their stage-1 cache entries and stage-2 transforms); the frames come from the
// stage-1 cache in object storage, never through a message.

/// <summary>
/// Writes one planned shard of a corpus version (key = version/split/number); answered by
/// <see cref="ShardWritten"/> once stored (or <see cref="ShardNotWritten"/>). Writing it again stores the same
/// bytes under the same key, so the coordinator sends it again until answered.
/// </summary>
/// <param name="EntityId">version/split/number.</param>
/// <param name="Assignment">The shard's windows, in clip order.</param>
/// <param name="Ms">Ms of the version's triangle (shard metadata), mm.</param>
/// <param name="Msp">Msp of the version's triangle, mm.</param>
/// <param name="ConfigHash">The version's corpus config hash (the node's must be the same).</param>
public sealed record WriteShard(string EntityId, ShardAssignment Assignment, double Ms, double Msp, string ConfigHash) : IEntityMessage, IClusterMessage;

/// <summary>The shard is stored.</summary>
/// <param name="EntityId">version/split/number.</param>
/// <param name="Shard">Key, split, dataset, version, clips, bytes, SHA-256.</param>
public sealed record ShardWritten(string EntityId, VersionShard Shard) : IClusterMessage;

/// <summary>The shard could not be written this time.</summary>
/// <param name="EntityId">version/split/number.</param>
/// <param name="Reason">Why.</param>
public sealed record ShardNotWritten(string EntityId, string Reason) : IClusterMessage;
