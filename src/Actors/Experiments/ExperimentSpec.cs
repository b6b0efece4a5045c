using PoseCluster.Actors.Serialization;

namespace PoseCluster.Actors.Experiments;

/// <summary>
/// A validated experiment spec (docs/EXPERIMENTS.md): what the entity needs to run it, and the training
/// settings every rank shares, frozen when it was submitted so that nodes with other defaults train the same.
/// </summary>
/// <param name="Name">Human-readable name.</param>
/// <param name="Corpus">"latest" or a corpus version id.</param>
/// <param name="Steps">Optimizer steps to train.</param>
/// <param name="MinRanks">An attempt starts only with at least this many trainer slots.</param>
/// <param name="MaxRanks">An attempt claims at most this many.</param>
/// <param name="MaxRestarts">Attempts after the first one before the experiment fails.</param>
/// <param name="Settings">The shared training settings as a HOCON layer (<c>TrainingSettings.SharedLayer</c>).</param>
/// <param name="Source">The spec as submitted, as JSON (shown by the endpoint).</param>
public sealed record ExperimentSpec(
    string Name,
    string Corpus,
    long Steps,
    int MinRanks,
    int MaxRanks,
    int MaxRestarts,
    string Settings,
    string Source) : IClusterMessage
{
    /// <summary>The corpus value that means the newest complete version.</summary>
    public const string LatestCorpus = "latest";
}
