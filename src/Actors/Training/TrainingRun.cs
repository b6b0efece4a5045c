using PoseCluster.Models.Distributed;
using PoseCluster.Models.Training;
using PoseCluster.Storage.Objects;

namespace PoseCluster.Actors.Training;

/// <summary>What one training run (one rank of it) reads, writes and how long it trains.</summary>
/// <param name="Corpus">The object store whose root holds corpora/&lt;version&gt;/.</param>
/// <param name="CorpusVersion">The corpus version to train on (its manifest.json must exist).</param>
/// <param name="Output">Where checkpoints go (checkpoints/step-NNNNNNNN.ckpt); rank 0 writes them.</param>
/// <param name="RegistryUrl">The experiment registry; rank 0 records into it.</param>
/// <param name="TargetSteps">Total optimizer steps; a resumed run trains only the remaining ones.</param>
/// <param name="Settings">Model, loader, checkpoint and evaluation settings.</param>
/// <param name="Group">The ranks training together, already rendezvoused (null: this process alone).</param>
/// <param name="Progress">Receives every step's metrics (on the training thread).</param>
public sealed record TrainingRun(
    IObjectStore Corpus,
    string CorpusVersion,
    IObjectStore Output,
    string RegistryUrl,
    long TargetSteps,
    TrainingSettings Settings,
    ProcessGroup? Group = null,
    IProgress<StepMetrics>? Progress = null);
