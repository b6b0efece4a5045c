namespace PoseCluster.Storage.Registry;

/// <summary>A source dataset as ingested.</summary>
/// <param name="Name">Dataset name (h36m, mads, aistpp, mpi-inf-3dhp).</param>
/// <param name="ContentHash">Hash of the source files.</param>
/// <param name="Source">Where it was read from.</param>
/// <param name="Kind">Dataset kind (h36m, 3dhp, aistpp, mads), or null when not recorded.</param>
/// <param name="Fingerprint">Cheap fingerprint of the folder at its last ingestion, or null.</param>
public sealed record DatasetRecord(string Name, string ContentHash, string Source, string? Kind = null, string? Fingerprint = null);
