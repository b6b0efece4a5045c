namespace PoseCluster.Datasets.Sources;

/// <summary>
/// A sequence of a unit whose file is parsed but whose joints are not mapped yet: <see cref="Load"/>
/// does the per-sequence work (joint map, units, validity), so the sequences of one unit can be loaded
/// on several cores. Names are known before loading, so a failure can be reported by them.
/// </summary>
/// <param name="Source">The file (or file and key) the sequence comes from, as <see cref="SequenceLoadResult.SourcePath"/> names it.</param>
/// <param name="Subject">Subject id.</param>
/// <param name="Action">Action or sequence name.</param>
/// <param name="Camera">Camera id or "world".</param>
/// <param name="Load">Maps the sequence; a bad sequence comes back skipped with its reason, never as an exception.</param>
public sealed record PendingSequence(string Source, string Subject, string Action, string Camera, Func<SequenceLoadResult> Load)
{
    /// <summary>A sequence already known to be unreadable.</summary>
    public static PendingSequence Failed(string source, string subject, string action, string camera, string reason) =>
        new(source, subject, action, camera, () => SequenceLoadResult.Skipped(source, reason));
}
