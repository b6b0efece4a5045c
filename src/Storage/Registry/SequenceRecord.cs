namespace PoseCluster.Storage.Registry;

/// <summary>One harmonized (or rejected) sequence of a corpus version.</summary>
/// <param name="CorpusVersion">Corpus version.</param>
/// <param name="Dataset">Dataset name.</param>
/// <param name="Subject">Subject.</param>
/// <param name="Action">Action.</param>
/// <param name="Camera">Camera.</param>
/// <param name="Frames">Frames in the sequence.</param>
/// <param name="Clips">Clips cut from it.</param>
/// <param name="Status">ok, rejected or failed.</param>
/// <param name="Error">Why it was rejected or failed.</param>
/// <param name="Unit">The unit (file) it was loaded from, relative to the dataset folder, or null.</param>
/// <param name="UnitHash">The unit's content hash (with the stage-1 config hash, its cache key), or null.</param>
/// <param name="Stage1">How stage 1 got it: computed, cached, skipped or unreadable; null when not recorded.</param>
/// <param name="KeyFrame">Its key frame, or null.</param>
/// <param name="ShoulderWidthSumMm">Its Eq. 1 Σ shoulder width, mm, or null.</param>
/// <param name="ShoulderToPelvisSumMm">Its Eq. 1 Σ shoulder-midpoint→pelvis distance, mm, or null.</param>
/// <param name="SumFrames">Frames in its sums, or null.</param>
/// <param name="RmsdMm">Kabsch residual onto the version's triangle, mm, or null.</param>
/// <param name="Split">train, val or test, or null.</param>
public sealed record SequenceRecord(
    string CorpusVersion,
    string Dataset,
    string Subject,
    string Action,
    string Camera,
    int Frames,
    int Clips,
    string Status,
    string? Error,
    string? Unit = null,
    string? UnitHash = null,
    string? Stage1 = null,
    int? KeyFrame = null,
    double? ShoulderWidthSumMm = null,
    double? ShoulderToPelvisSumMm = null,
    long? SumFrames = null,
    double? RmsdMm = null,
    string? Split = null);
