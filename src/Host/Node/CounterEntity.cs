using PoseCluster.Runtime.Actors;
using PoseCluster.Runtime.Cluster;
using PoseCluster.Runtime.Cluster.Sharding;

namespace PoseCluster.Host.Node;

/// <summary>
/// The demo entity a node hosts when <c>posecluster.cluster.demo-counter.enabled</c> is on: a counter
/// that persists every <see cref="Increment"/> idempotently in <see cref="CounterTable"/>. The
/// multi-process tests and the sharding benchmark drive it.
/// </summary>
internal sealed class CounterEntity : ShardedEntity
{
    /// <summary>Name of the entity type.</summary>
    public const string TypeName = "counter";

    public CounterEntity(string entityId, CounterTable table) : base(entityId)
    {
        HandleMessage<Increment>((increment, context) =>
            table.ApplyAsync(context.EntityId, context.MessageId, increment.Amount, CancellationToken.None));
    }

    /// <summary>The counter type: hosted on "worker" nodes.</summary>
    public static ShardedEntityType Type(int shardCount) => new(TypeName, shardCount, "worker", [typeof(Increment)]);

    /// <summary>Props of one counter.</summary>
    public static Props PropsFor(string entityId, CounterTable table) => Props.Create(() => new CounterEntity(entityId, table));
}
