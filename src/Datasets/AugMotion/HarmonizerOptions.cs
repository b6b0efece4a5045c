using PoseCluster.Datasets.Windows;

namespace PoseCluster.Datasets.AugMotion;

/// <summary>Everything the corpus pipeline is configured by.</summary>
/// <param name="AugMotion">Key-frame settings.</param>
/// <param name="WindowLength">T, frames per clip (config <c>posecluster.windows.length</c>).</param>
/// <param name="WindowStride">S, frames between clip starts (config <c>posecluster.windows.stride</c>).</param>
/// <param name="Splits">Subject splits.</param>
/// <param name="MaxDegreeOfParallelism">Sequences processed at once (default: every core).</param>
public sealed record HarmonizerOptions(
    AugMotionOptions AugMotion,
    int WindowLength,
    int WindowStride,
    SubjectSplitter Splits,
    int MaxDegreeOfParallelism)
{
    /// <summary>The defaults of reference.conf on every core.</summary>
    public static HarmonizerOptions Default { get; } = new(new AugMotionOptions(), 16, 16, SubjectSplitter.Default, Environment.ProcessorCount);
}
