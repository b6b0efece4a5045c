using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using PoseCluster.Actors.Sharding;

namespace PoseCluster.Host.Node;

/// <summary>How every entity type of the node is registered, so each one is a single line in <see cref="NodeComposition"/>.</summary>
internal static class EntityRegistration
{
    /// <summary>
    /// Starts the shard region of entity type <paramref name="typeName"/> (hosted on nodes with
    /// <paramref name="role"/>, a proxy elsewhere), routed by <see cref="EntityMessageExtractor"/> over
    /// posecluster.node.shards-per-type shards, and registers it as <typeparamref name="TRegion"/> so
    /// endpoints and actors get it through <c>IRequiredActor&lt;TRegion&gt;</c>. Remembered types restart
    /// their entities after a move (their state is in their own journal either way).
    /// </summary>
    public static AkkaConfigurationBuilder WithEntityType<TRegion>(
        this AkkaConfigurationBuilder akka, NodeSettings settings, string typeName, Func<string, Props> entityProps, string role, bool rememberEntities) =>
        akka.WithEntityType<TRegion>(settings, typeName, _ => entityProps, role, rememberEntities);

    /// <summary>
    /// <see cref="WithEntityType{TRegion}(AkkaConfigurationBuilder, NodeSettings, string, Func{string, Props}, string, bool)"/>
    /// for entities that need other actors of the node (a singleton's proxy, another region) from the actor registry.
    /// </summary>
    public static AkkaConfigurationBuilder WithEntityType<TRegion>(
        this AkkaConfigurationBuilder akka, NodeSettings settings, string typeName, Func<IActorRegistry, Func<string, Props>> entityProps, string role, bool rememberEntities)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return akka.WithShardRegion<TRegion>(
            typeName,
            (_, registry, _) => entityProps(registry),
            new EntityMessageExtractor(settings.ShardsPerType),
            new ShardOptions
            {
                Role = role,
                RememberEntities = rememberEntities,
                RememberEntitiesStore = RememberEntitiesStore.Eventsourced,
                StateStoreMode = StateStoreMode.Persistence,
            });
    }
}
