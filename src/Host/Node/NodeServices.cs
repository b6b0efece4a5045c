using PoseCluster.Actors.Experiments;
using PoseCluster.Actors.Pipeline;
using PoseCluster.Actors.Training;
using PoseCluster.Configuration;
using PoseCluster.Host.Cli;
using PoseCluster.Storage.Registry;

namespace PoseCluster.Host.Node;

/// <summary>
/// Opens what a node's actors share, from its configuration: one registry (posecluster.registry.url, opened
/// and migrated) and one object store (posecluster.storage.objects), handed to the corpus pipeline (issue 13,
/// with the corpus settings <c>harmonize</c> reads and posecluster.pipeline) and to experiments and training
/// (issue 14, with posecluster.trainer and posecluster.experiments).
/// </summary>
internal sealed class NodeServices : IAsyncDisposable
{
    private NodeServices(PipelineEnvironment pipeline, TrainingEnvironment training)
    {
        Pipeline = pipeline;
        Training = training;
    }

    /// <summary>The pipeline actors' environment.</summary>
    public PipelineEnvironment Pipeline { get; }

    /// <summary>The experiment, pool and trainer actors' environment.</summary>
    public TrainingEnvironment Training { get; }

    /// <summary>Opens the registry and the object store and builds both environments on them.</summary>
    public static async Task<NodeServices> OpenAsync(Config config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        var corpus = HarmonizeSettings.Corpus(HarmonizeSettings.FromConfig(config), DatasetSettings.FromConfig(config), config);
        var timings = PipelineTimingsFrom(config.GetConfigOrEmpty("posecluster.pipeline"));
        var trainer = TrainerSettings.FromConfig(config);
        var experimentTimings = ExperimentTimings.FromConfig(config);
        var framesMemory = config.GetConfigOrEmpty("posecluster.pipeline").GetByteSize("frames-memory", 512L << 20);
        var registryUrl = StorageSettings.RegistryUrl(config, null);
        var store = StorageSettings.ObjectStore(ObjectsUri(config), config);
        var registry = await ExperimentRegistry.OpenAsync(registryUrl, migrate: true, cancellationToken).ConfigureAwait(false);
        return new NodeServices(
            new PipelineEnvironment(store, registry, corpus, timings, framesMemory),
            new TrainingEnvironment(config, registryUrl, registry, store, trainer, experimentTimings));
    }

    /// <summary>The object store of posecluster.storage.objects: the folder, or s3://bucket/prefix for kind = s3.</summary>
    public static string ObjectsUri(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var objects = config.GetConfigOrEmpty("posecluster.storage.objects");
        var kind = objects.GetString("kind", "folder");
        return kind switch
        {
            "folder" => Path.GetFullPath(objects.GetString("folder")),
            "s3" => $"s3://{objects.GetString("s3.bucket")}/{objects.GetString("s3.prefix", "")}".TrimEnd('/'),
            _ => throw new ConfigurationException($"posecluster.storage.objects.kind = {kind}: expected folder or s3"),
        };
    }

    /// <summary>Closes the registry and the object store (both environments share them).</summary>
    public async ValueTask DisposeAsync()
    {
        await Pipeline.Registry.DisposeAsync().ConfigureAwait(false);
        (Pipeline.Store as IDisposable)?.Dispose();
    }

    private static PipelineTimings PipelineTimingsFrom(Config pipeline)
    {
        var timings = new PipelineTimings(
            pipeline.GetDuration("retry-interval", PipelineTimings.Default.RetryInterval),
            pipeline.GetInt("units-in-flight", PipelineTimings.Default.UnitsInFlight),
            pipeline.GetInt("messages-in-flight", PipelineTimings.Default.MessagesInFlight),
            pipeline.GetInt("max-attempts", PipelineTimings.Default.MaxAttempts));
        try
        {
            timings.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new ConfigurationException($"posecluster.pipeline: {e.ParamName} is out of range ({e.ActualValue})");
        }

        return timings;
    }
}
