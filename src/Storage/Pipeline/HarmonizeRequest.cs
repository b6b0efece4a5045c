using PoseCluster.Datasets.Ingestion;

namespace PoseCluster.Storage.Pipeline;

/// <summary>What a one-process corpus build is asked for.</summary>
/// <param name="Datasets">The version's datasets (every one; a parent's dataset not listed is not in the version).</param>
/// <param name="Parent">The parent version id, "latest" (the newest complete version in the store), or null for none.</param>
/// <param name="Version">An explicit version id, or null to derive it.</param>
/// <param name="PreviousFiles">Per dataset name, the file fingerprints of its last ingestion (unchanged files are not read again), or null.</param>
public sealed record HarmonizeRequest(
    IReadOnlyList<DatasetSource> Datasets,
    string? Parent,
    string? Version,
    IReadOnlyDictionary<string, IReadOnlyList<FileFingerprint>>? PreviousFiles);
