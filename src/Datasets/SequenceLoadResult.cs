namespace PoseCluster.Datasets;

/// <summary>One sequence a loader read, or the reason it skipped it.</summary>
/// <param name="SourcePath">The file (or file and key) the sequence came from.</param>
/// <param name="Sequence">The sequence, or null when skipped.</param>
/// <param name="SkipReason">Why it was skipped, or null when loaded.</param>
public sealed record SequenceLoadResult(string SourcePath, PoseSequence? Sequence, string? SkipReason)
{
    /// <summary>A loaded sequence.</summary>
    public static SequenceLoadResult Loaded(string sourcePath, PoseSequence sequence) => new(sourcePath, sequence, null);

    /// <summary>A skipped sequence with its reason.</summary>
    public static SequenceLoadResult Skipped(string sourcePath, string reason) => new(sourcePath, null, reason);
}
