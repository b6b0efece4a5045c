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
public sealed record SequenceRecord(
    string CorpusVersion,
    string Dataset,
    string Subject,
    string Action,
    string Camera,
    int Frames,
    int Clips,
    string Status,
    string? Error);
