namespace PoseCluster.Storage.Registry;

/// <summary>A source dataset as ingested.</summary>
/// <param name="Name">Dataset name (h36m, mads, aistpp, mpi-inf-3dhp).</param>
/// <param name="ContentHash">Hash of the source files.</param>
/// <param name="Source">Where it was read from.</param>
public sealed record DatasetRecord(string Name, string ContentHash, string Source);
