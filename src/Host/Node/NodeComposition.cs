using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Configuration;
using Akka.Discovery.KubernetesApi;
using Akka.Hosting;
using Akka.Management;
using Akka.Management.Cluster.Bootstrap;
using Akka.Persistence.Sql;
using Akka.Persistence.Sql.Config;
using Microsoft.Extensions.DependencyInjection;
using PoseCluster.Actors.Counters;
using PoseCluster.Actors.Experiments;
using PoseCluster.Actors.Pipeline;
using PoseCluster.Actors.Submission;
using PoseCluster.Actors.Training;
using PoseCluster.Datasets.Sources;

namespace PoseCluster.Host.Node;

/// <summary>
/// The one place where the node's ActorSystem is composed on Akka.Hosting: configuration, logging,
/// cluster formation, then every entity type and singleton. A new entity type is one
/// <see cref="EntityRegistration.WithEntityType{TRegion}(AkkaConfigurationBuilder, NodeSettings, string, Func{string, Props}, string, bool)"/> line below; a singleton one
/// <c>akka.WithSingleton&lt;TKey&gt;(name, props, new ClusterSingletonOptions { Role = … }, createProxyToo: true)</c>
/// line (state in a persistent actor). Endpoints reach both through <c>IRequiredActor&lt;TKey&gt;</c>;
/// what entities need from the application (object store, registry) comes from <c>services</c>.
/// </summary>
internal static class NodeComposition
{
    /// <summary>Composes the node's ActorSystem from the resolved <paramref name="akkaHocon"/> and the application's <paramref name="services"/>.</summary>
    public static void Compose(AkkaConfigurationBuilder akka, IServiceProvider services, string akkaHocon)
    {
        ArgumentNullException.ThrowIfNull(akka);
        var settings = services.GetRequiredService<NodeSettings>();

        // Our resolved akka section wins over everything; Akka.Persistence.Sql's defaults fill its plugins
        // (without them the shard coordinator finds no plugin class, PLATFORM.md).
        akka.AddHocon(ConfigurationFactory.ParseString(akkaHocon), HoconAddMode.Prepend)
            .AddHocon(SqlPersistence.DefaultConfiguration, HoconAddMode.Append)
            .ConfigureLoggers(loggers =>
            {
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            })
            .WithClustering();
        if (settings.Persistence.AkkaDataOptions() is { } dataOptions)
        {
            akka.AddSetup(new DataOptionsSetup(dataOptions));
        }

        JoinCluster(akka, settings);

        // Entity types (sharded; state in each entity's journal).
        if (settings.DemoCounter)
        {
            akka.WithEntityType<CounterRegion>(settings, CounterEntity.TypeName, id => CounterEntity.PropsFor(id), NodeSettings.WorkerRole, rememberEntities: false);
        }

        // The corpus pipeline (issue 13: its entity types and the corpus coordinator singleton), then experiments
        // (issue 14: the trainer pool singleton, experiment entities, trainer hosts) and the job submission actor.
        var pipeline = services.GetRequiredService<PipelineEnvironment>();
        PipelineComposition.Compose(akka, settings, pipeline);
        ComposeExperiments(akka, settings, services.GetRequiredService<TrainingEnvironment>(), pipeline.Settings.Stage1.Loaders);
    }

    /// <summary>
    /// Experiments and training (issue 14, docs/EXPERIMENTS.md): the experiment entities and the trainer pool
    /// singleton on worker nodes, a trainer host on trainer nodes, and on api nodes the job submission actor
    /// (experiments and datasets: ARCHITECTURE §8).
    /// </summary>
    private static void ComposeExperiments(AkkaConfigurationBuilder akka, NodeSettings settings, TrainingEnvironment training, DatasetLoaderOptions loaders)
    {
        // The proxy's identification warning fires at every start even when the singleton is found (akka.net#8568).
        var pool = new ClusterSingletonOptions { Role = NodeSettings.WorkerRole, LogSingletonIdentificationFailure = false };
        if (settings.HasRole(NodeSettings.WorkerRole))
        {
            akka.WithSingleton<TrainerPool>(TrainerPool.Name, TrainerPool.Props(), pool, createProxyToo: true);
        }
        else
        {
            akka.WithSingletonProxy<TrainerPool>(TrainerPool.Name, pool);
        }

        akka.WithEntityType<ExperimentRegion>(settings, ExperimentEntity.TypeName,
                registry => id => ExperimentEntity.PropsFor(id, training, registry.Get<TrainerPool>), NodeSettings.WorkerRole, rememberEntities: true)
            .WithActors((system, registry) =>
            {
                if (settings.HasRole(NodeSettings.TrainerRole))
                {
                    registry.Register<TrainerHost>(system.ActorOf(TrainerHost.Props(training, registry.Get<TrainerPool>()), TrainerHost.Name));
                }

                if (settings.ServesHttp)
                {
                    registry.Register<JobSubmission>(system.ActorOf(JobSubmission.Props(registry.Get<ExperimentRegion>(), registry.Get<DatasetRegion>(), training.NodeConfig, loaders, settings.AskTimeout), JobSubmission.Name));
                }
            });
    }

    private static void JoinCluster(AkkaConfigurationBuilder akka, NodeSettings settings)
    {
        if (settings.Discovery == "kubernetes")
        {
            // Pods find each other through the Kubernetes API and Akka.Management's HTTP endpoint (deploy/k8s).
            akka.WithAkkaManagement(management =>
                {
                    management.Port = settings.Kubernetes.ManagementPort;
                    management.BindHostName = "0.0.0.0";
                    management.BindPort = settings.Kubernetes.ManagementPort;
                })
                .WithClusterBootstrap(bootstrap =>
                {
                    bootstrap.ContactPointDiscovery.ServiceName = NodeSettings.SystemName;
                    bootstrap.ContactPointDiscovery.RequiredContactPointsNr = settings.Kubernetes.RequiredContactPoints;
                })
                .WithKubernetesDiscovery(discovery => discovery.PodLabelSelector = settings.Kubernetes.PodLabelSelector);
            return;
        }

        if (settings.Seeds.Count == 0)
        {
            // No seeds: the embedded one-node cluster, which joins itself.
            akka.AddStartup((system, _) =>
            {
                var cluster = Cluster.Get(system);
                cluster.Join(cluster.SelfAddress);
            });
        }
    }
}
