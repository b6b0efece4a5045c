namespace PoseCluster.Datasets.Pipeline;

/// <summary>A stored stage-1 index or data block that is not what its index says (truncated, corrupted, another format).</summary>
/// <param name="name">The object (key) being read.</param>
/// <param name="offset">Byte offset of the problem, or null.</param>
/// <param name="problem">What was expected and what was found.</param>
/// <param name="innerException">The lower-level error, if any.</param>
public sealed class Stage1FormatException(string name, long? offset, string problem, Exception? innerException = null)
    : DatasetFormatException(name, offset, problem, innerException);
