namespace PoseCluster.Models.Training;

/// <summary>What one data-parallel training step did (the same on every rank).</summary>
/// <param name="Step">Optimizer steps taken after this one.</param>
/// <param name="Loss">The step's loss, averaged over ranks.</param>
/// <param name="LearningRate">The scheduled learning rate used.</param>
/// <param name="GradientNorm">Global gradient norm before clipping (0 when clipping is off).</param>
/// <param name="ClipsPerSecond">Clips of all ranks trained per second of this step.</param>
/// <param name="AllReduceMilliseconds">Time in the gradient all-reduce (0 with one rank).</param>
/// <param name="StepMilliseconds">The whole step: forward, backward, all-reduce, optimizer.</param>
public sealed record StepMetrics(long Step, float Loss, float LearningRate, float GradientNorm, double ClipsPerSecond, double AllReduceMilliseconds, double StepMilliseconds);
