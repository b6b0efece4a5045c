namespace PoseCluster.Storage.Pipeline;

/// <summary>How long one phase of a corpus build took.</summary>
/// <param name="Phase">scan, stage 1, version/stage 2/layout, shards, documents.</param>
/// <param name="Seconds">Wall clock.</param>
public sealed record PhaseTiming(string Phase, double Seconds);
