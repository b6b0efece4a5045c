using PoseCluster.Actors.Experiments;
using PoseCluster.Configuration;
using PoseCluster.Storage.Objects;
using PoseCluster.Storage.Registry;

namespace PoseCluster.Actors.Training;

/// <summary>
/// What the experiment, pool and trainer actors of a node use from the node: its configuration, the registry,
/// the object store (corpora/ and experiments/&lt;id&gt;/ in it), its trainer settings and the experiments' timings.
/// Created once per node; every node of a cluster names the same registry and object store.
/// </summary>
/// <param name="NodeConfig">The node's resolved configuration.</param>
/// <param name="RegistryUrl">The registry (ranks open their own connection to it).</param>
/// <param name="Registry">The registry, opened and migrated at start.</param>
/// <param name="Objects">The object store of corpora and experiments.</param>
/// <param name="Trainer">This node's trainer settings.</param>
/// <param name="Timings">Retry intervals and timeouts of the experiment lifecycle.</param>
public sealed record TrainingEnvironment(
    Config NodeConfig,
    string RegistryUrl,
    ExperimentRegistry Registry,
    IObjectStore Objects,
    TrainerSettings Trainer,
    ExperimentTimings Timings)
{
    /// <summary>Key prefix of everything an experiment stores: <c>experiments/ID/</c>.</summary>
    public static string ExperimentPrefix(string experimentId) => $"experiments/{experimentId}/";

    /// <summary>
    /// The training settings of <paramref name="spec"/> on this node: the spec's frozen shared layer over the
    /// node's configuration (which contributes only node-local settings: device, threads, timeouts).
    /// </summary>
    public TrainingSettings SettingsFor(ExperimentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return TrainingSettings.FromConfig(new ConfigBuilder(_ => null)
            .AddText("posecluster " + NodeConfig.GetConfig("posecluster").ToHocon(), "node configuration")
            .AddText(spec.Settings, "experiment " + spec.Name)
            .Build());
    }
}
