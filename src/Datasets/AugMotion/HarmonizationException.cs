namespace PoseCluster.Datasets.AugMotion;

/// <summary>The corpus as a whole cannot be harmonized (e.g. no dataset has a usable frame).</summary>
public sealed class HarmonizationException(string message) : Exception(message);
