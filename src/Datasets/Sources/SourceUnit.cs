namespace PoseCluster.Datasets.Sources;

/// <summary>
/// A unit of raw data: the files one load reads together, holding one or more sequences (an AIST++
/// pkl or a MADS _GT.mat = one sequence, a 3DHP annot.mat = up to 14 cameras, Human3.6M's npz with its
/// optional 2D npz = every sequence). Stage 1 reads each unit's files once, as a whole.
/// </summary>
/// <param name="Id">The primary file's path relative to the dataset folder, '/'-separated; stable across runs and machines.</param>
/// <param name="Files">Every file the unit's load reads, relative and '/'-separated, the primary file first.</param>
/// <param name="Subject">The subject the unit is known as (empty when it holds several), to name a rejection when it cannot be read.</param>
/// <param name="Action">The action or sequence name the unit is known as (the file name when nothing better is known).</param>
/// <param name="Camera">The camera, when the unit holds one camera's sequence ("world" for world-frame sources), else empty.</param>
/// <param name="SkipReason">Why the loader skips the unit without reading it (an ignore list, a missing annotation), or null.</param>
public sealed record SourceUnit(
    string Id,
    IReadOnlyList<string> Files,
    string Subject,
    string Action,
    string Camera,
    string? SkipReason = null);
