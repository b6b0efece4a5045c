namespace PoseCluster.Datasets;

/// <summary>One sequence a loader read, or the reason it skipped it.</summary>
/// <param name="SourcePath">The file (or file and key) the sequence came from.</param>
/// <param name="Sequence">The sequence, or null when skipped.</param>
/// <param name="SkipReason">Why it was skipped, or null when loaded.</param>
public sealed record SequenceLoadResult(string SourcePath, PoseSequence? Sequence, string? SkipReason)
{
    /// <summary>A loaded sequence.</summary>
    public static SequenceLoadResult Loaded(string sourcePath, PoseSequence sequence) => new(sourcePath, sequence, null);

    /// <summary>The subject of a skipped sequence, when the loader could tell it (so a rejection names it).</summary>
    public string? Subject { get; init; }

    /// <summary>The sequence (action) name of a skipped sequence, when the loader could tell it.</summary>
    public string? SequenceName { get; init; }

    /// <summary>A skipped sequence with its reason, and its subject and sequence name as far as the loader knows them.</summary>
    public static SequenceLoadResult Skipped(string sourcePath, string reason, string? subject = null, string? sequenceName = null) =>
        new(sourcePath, null, reason) { Subject = subject, SequenceName = sequenceName };
}
