namespace PoseCluster.Models;

/// <summary>What one optimizer step did.</summary>
/// <param name="GradientNorm">Global gradient norm before clipping (0 when clipping is off).</param>
/// <param name="LearningRate">The scheduled learning rate used.</param>
public readonly record struct OptimizerStepResult(float GradientNorm, float LearningRate);
