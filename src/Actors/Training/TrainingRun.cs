using PoseCluster.Storage.Objects;

namespace PoseCluster.Actors.Training;

/// <summary>What one single-process training run reads, writes and how long it trains.</summary>
/// <param name="Corpus">The object store whose root holds corpora/&lt;version&gt;/.</param>
/// <param name="CorpusVersion">The corpus version to train on (its manifest.json must exist).</param>
/// <param name="Output">Where checkpoints go (checkpoints/step-NNNNNNNN.ckpt).</param>
/// <param name="RegistryUrl">The experiment registry.</param>
/// <param name="TargetSteps">Total optimizer steps; a resumed run trains only the remaining ones.</param>
/// <param name="Settings">Model, loader and checkpoint settings.</param>
public sealed record TrainingRun(
    IObjectStore Corpus,
    string CorpusVersion,
    IObjectStore Output,
    string RegistryUrl,
    long TargetSteps,
    TrainingSettings Settings);
