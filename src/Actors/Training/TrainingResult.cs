using PoseCluster.Datasets.Metrics;

namespace PoseCluster.Actors.Training;

/// <summary>The outcome of a training run.</summary>
/// <param name="ExperimentId">The registry experiment the run recorded into.</param>
/// <param name="Steps">Optimizer steps the model has taken in total (including resumed ones).</param>
/// <param name="ResumedFromStep">The step of the checkpoint the run started from (0 = fresh).</param>
/// <param name="LossFirst">Training loss of the run's first step, or null when no step was left to take.</param>
/// <param name="LossLast">Training loss of the run's last step, or null when no step was left to take.</param>
/// <param name="Val">Metrics on the val split, or null when the corpus has no val clips.</param>
/// <param name="Checkpoint">Key of the newest checkpoint in the output store.</param>
public sealed record TrainingResult(
    string ExperimentId,
    long Steps,
    long ResumedFromStep,
    double? LossFirst,
    double? LossLast,
    PoseMetricSummary? Val,
    string Checkpoint);
