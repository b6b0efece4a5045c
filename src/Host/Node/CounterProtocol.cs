namespace PoseCluster.Host.Node;

/// <summary>Adds <paramref name="Amount"/> to a demo counter entity.</summary>
/// <param name="Amount">What to add.</param>
public sealed record Increment(int Amount);
