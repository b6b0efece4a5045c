using PoseCluster.Datasets.Metrics;

namespace PoseCluster.Actors.Training;

/// <summary>The outcome of a training run.</summary>
/// <param name="ExperimentId">The registry experiment the run recorded into.</param>
/// <param name="Steps">Optimizer steps the model has taken in total (including resumed ones).</param>
/// <param name="ResumedFromStep">The step of the checkpoint the run started from (0 = fresh).</param>
/// <param name="LossFirst">Training loss of the run's first step, or null when no step was left to take.</param>
/// <param name="LossLast">Training loss of the run's last step, or null when no step was left to take.</param>
/// <param name="Val">Metrics on the evaluation split (rank 0), or null when there was nothing to evaluate.</param>
/// <param name="EvalSplit">The split evaluated: val, or test when the corpus has no val clips; null when none.</param>
/// <param name="EvalClips">Clips evaluated (at most posecluster.training.eval-max-clips).</param>
/// <param name="Checkpoint">Key of the newest checkpoint in the output store (rank 0).</param>
/// <param name="WorldSize">Ranks that trained together.</param>
/// <param name="ValByDataset">The evaluation's metrics per dataset of the evaluated split (rank 0), or null.</param>
public sealed record TrainingResult(
    string ExperimentId,
    long Steps,
    long ResumedFromStep,
    double? LossFirst,
    double? LossLast,
    PoseMetricSummary? Val,
    string? EvalSplit,
    int EvalClips,
    string? Checkpoint,
    int WorldSize,
    IReadOnlyDictionary<string, PoseMetricSummary>? ValByDataset = null);
