namespace PoseCluster.Datasets.AugMotion;

/// <summary>The corpus as a whole cannot be harmonized (e.g. no dataset has a usable frame).</summary>
/// <param name="datasets">The dataset folders or names involved, as the message's subject.</param>
/// <param name="problem">What is wrong.</param>
public sealed class HarmonizationException(string datasets, string problem) : DatasetFormatException(datasets, null, problem);
