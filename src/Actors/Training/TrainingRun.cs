using PoseCluster.Models.Distributed;
using PoseCluster.Models.Training;
using PoseCluster.Storage.Objects;
using PoseCluster.Storage.Registry;

namespace PoseCluster.Actors.Training;

/// <summary>What one training run (one rank of it) reads, writes and how long it trains.</summary>
/// <param name="Corpus">The object store whose root holds corpora/&lt;version&gt;/.</param>
/// <param name="CorpusVersion">The corpus version to train on (its manifest.json must exist).</param>
/// <param name="Output">Where checkpoints go (<paramref name="OutputPrefix"/>checkpoints/step-NNNNNNNN.ckpt); rank 0 writes them.</param>
/// <param name="RegistryUrl">The experiment registry; rank 0 records into it.</param>
/// <param name="TargetSteps">Total optimizer steps; a resumed run trains only the remaining ones.</param>
/// <param name="Settings">Model, loader, checkpoint and evaluation settings.</param>
/// <param name="Group">The ranks training together, already rendezvoused (null: this process alone).</param>
/// <param name="Progress">Receives every step's metrics (on the training thread).</param>
/// <param name="OutputPrefix">Key prefix of everything the run writes to <paramref name="Output"/> ("" or e.g. <c>experiments/ID/</c>).</param>
/// <param name="Recording">
/// The registry experiment and attempt an owner (the experiment entity) manages: rank 0 then records metrics,
/// evaluations and checkpoints into it and leaves the experiment and attempt rows to the owner. Null: the run
/// keeps its own experiment (<see cref="CorpusTrainer.ExperimentId"/>) and attempt rows (<c>posecluster train</c>).
/// </param>
/// <param name="ResumeFrom">The checkpoint rank 0 resumes from (verified against its sha256); null: the newest in the output.</param>
/// <param name="Milestones">Told when the run has synchronized its ranks and when an evaluation starts (on the training thread).</param>
public sealed record TrainingRun(
    IObjectStore Corpus,
    string CorpusVersion,
    IObjectStore Output,
    string RegistryUrl,
    long TargetSteps,
    TrainingSettings Settings,
    ProcessGroup? Group = null,
    IProgress<StepMetrics>? Progress = null,
    string OutputPrefix = "",
    RunRecording? Recording = null,
    CheckpointRecord? ResumeFrom = null,
    IProgress<TrainingMilestone>? Milestones = null);
