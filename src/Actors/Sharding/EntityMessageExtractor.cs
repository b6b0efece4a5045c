using Akka.Cluster.Sharding;

namespace PoseCluster.Actors.Sharding;

/// <summary>
/// The message extractor of every entity type: the entity id comes from <see cref="IEntityMessage"/>,
/// the shard from Akka's default hash of that id over a fixed number of shards (which must never change
/// for a type, or ids move to other shards). Sharding unwraps <c>ShardingEnvelope</c> itself.
/// </summary>
public sealed class EntityMessageExtractor : HashCodeMessageExtractor
{
    /// <summary>Routes <see cref="IEntityMessage"/>s over <paramref name="shards"/> shards.</summary>
    public EntityMessageExtractor(int shards) : base(shards)
    {
    }

    /// <inheritdoc />
    public override string? EntityId(object message) => (message as IEntityMessage)?.EntityId;
}
