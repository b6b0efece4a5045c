using PoseCluster.Actors.Pipeline;
using PoseCluster.Configuration;
using PoseCluster.Host.Cli;
using PoseCluster.Storage.Registry;

namespace PoseCluster.Host.Node;

/// <summary>
/// Builds a node's <see cref="PipelineEnvironment"/> from its configuration: the object store of
/// posecluster.storage.objects, the registry of posecluster.registry.url (opened and migrated), the corpus
/// settings (the same reading as <c>harmonize</c>'s) and posecluster.pipeline.
/// </summary>
internal static class PipelineServices
{
    /// <summary>Opens what the node's pipeline actors use; the caller disposes the registry.</summary>
    public static async Task<PipelineEnvironment> OpenAsync(Config config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        var corpus = HarmonizeSettings.Corpus(HarmonizeSettings.FromConfig(config), DatasetSettings.FromConfig(config), config);
        var pipeline = config.GetConfigOrEmpty("posecluster.pipeline");
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

        var store = StorageSettings.ObjectStore(ObjectsUri(config), config);
        var registry = await ExperimentRegistry.OpenAsync(StorageSettings.RegistryUrl(config, null), migrate: true, cancellationToken).ConfigureAwait(false);
        return new PipelineEnvironment(store, registry, corpus, timings, pipeline.GetByteSize("frames-memory", 512L << 20));
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
}
