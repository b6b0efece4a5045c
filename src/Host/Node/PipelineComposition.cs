using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using PoseCluster.Actors.Harmonization;
using PoseCluster.Actors.Ingestion;
using PoseCluster.Actors.Pipeline;
using PoseCluster.Actors.Sharding;
using PoseCluster.Actors.Shards;

namespace PoseCluster.Host.Node;

/// <summary>
/// The corpus pipeline on the node (issue 13, docs/AUGMOTION.md "The cluster"): four entity types hosted on
/// "worker" nodes — datasets (remembered: a job restarts where its journal left it when its node dies),
/// stage-1 unit workers, sequences, shard writers — the corpus coordinator singleton (on the oldest worker),
/// the dataset submission goes through the node's JobSubmission (NodeComposition).
/// </summary>
internal static class PipelineComposition
{
    /// <summary>Adds the pipeline's regions and singleton to <paramref name="akka"/>.</summary>
    public static void Compose(AkkaConfigurationBuilder akka, NodeSettings settings, PipelineEnvironment environment)
    {
        var worker = NodeSettings.WorkerRole;
        akka.WithEntityType<Stage1UnitRegion>(settings, Stage1UnitEntity.TypeName, _ => Stage1UnitEntity.PropsFor(environment), worker, rememberEntities: false)
            .WithEntityType<SequenceRegion>(settings, SequenceEntity.TypeName, id => SequenceEntity.PropsFor(id, environment), worker, rememberEntities: false)
            .WithEntityType<ShardWriterRegion>(settings, ShardWriterEntity.TypeName, _ => ShardWriterEntity.PropsFor(environment), worker, rememberEntities: false)
            .WithShardRegion<DatasetRegion>(
                DatasetEntity.TypeName,
                (_, registry, _) => id => DatasetEntity.PropsFor(id, environment, registry.Get<Stage1UnitRegion>(), registry.Get<SequenceRegion>(), registry.Get<CorpusCoordinator>()),
                new EntityMessageExtractor(settings.ShardsPerType),
                new ShardOptions
                {
                    Role = worker,
                    RememberEntities = true,
                    RememberEntitiesStore = RememberEntitiesStore.Eventsourced,
                    StateStoreMode = StateStoreMode.Persistence,
                })
            .WithSingleton<CorpusCoordinator>(
                CorpusCoordinator.Name,
                (_, registry, _) => CorpusCoordinator.PropsFor(environment, registry.Get<DatasetRegion>(), registry.Get<SequenceRegion>(), registry.Get<ShardWriterRegion>()),
                new ClusterSingletonOptions { Role = worker },
                createProxyToo: true);
    }
}
