using PoseCluster.Actors.Experiments;
using PoseCluster.Actors.Training;
using PoseCluster.Configuration;
using PoseCluster.Host.Cli;
using PoseCluster.Storage.Registry;

namespace PoseCluster.Host.Node;

/// <summary>Builds a node's <see cref="TrainingEnvironment"/>: the registry (opened and migrated), the object store, the trainer settings.</summary>
internal static class TrainingServices
{
    /// <summary>Opens what the node's experiment and training actors use, from its configuration.</summary>
    public static async Task<TrainingEnvironment> OpenAsync(Config config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        var registryUrl = StorageSettings.RegistryUrl(config, null);
        var trainer = TrainerSettings.FromConfig(config);
        var timings = ExperimentTimings.FromConfig(config);
        var objects = StorageSettings.ObjectStore(ObjectsUri(config), config);
        var registry = await ExperimentRegistry.OpenAsync(registryUrl, migrate: true, cancellationToken).ConfigureAwait(false);
        return new TrainingEnvironment(config, registryUrl, registry, objects, trainer, timings);
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
