namespace PoseCluster.Storage.Registry;

/// <summary>One metric value at a training step.</summary>
/// <param name="Step">Training step.</param>
/// <param name="Name">Metric name (loss, lr, clips/s, mpjpe, ...).</param>
/// <param name="Value">Value.</param>
public sealed record MetricPoint(long Step, string Name, double Value);
