namespace PoseCluster.Storage.Registry;

/// <summary>A corpus version: its datasets by content hash, the config hash, T, S, Ms, Msp, and its lineage.</summary>
/// <param name="Version">Version id.</param>
/// <param name="ConfigHash">Hash of the harmonization and window configuration.</param>
/// <param name="WindowLength">Clip length T.</param>
/// <param name="Stride">Window stride S.</param>
/// <param name="Ms">Mean shoulder width of the triangle the clips are projected onto, mm.</param>
/// <param name="Msp">Mean shoulder-midpoint-to-pelvis distance of that triangle, mm.</param>
/// <param name="Status">building, complete or failed.</param>
/// <param name="ManifestKey">Object key of the manifest once complete.</param>
/// <param name="Datasets">Dataset name → content hash of the datasets in the version.</param>
/// <param name="ParentVersion">The parent version, or null.</param>
/// <param name="ReusedVersion">The version whose shards and triangle are kept, or null.</param>
/// <param name="DerivedMs">Ms derived from every dataset's sums, mm, or null when not recorded.</param>
/// <param name="DerivedMsp">Msp derived from every dataset's sums, mm, or null.</param>
/// <param name="MovedMm">How far the triangle moved from the parent's, mm, or null.</param>
/// <param name="DatasetSums">Per dataset: kind, Eq. 1 sums and whether its shards are the parent's; null when not recorded.</param>
public sealed record CorpusVersionRecord(
    string Version,
    string ConfigHash,
    int WindowLength,
    int Stride,
    double Ms,
    double Msp,
    string Status,
    string? ManifestKey,
    IReadOnlyDictionary<string, string> Datasets,
    string? ParentVersion = null,
    string? ReusedVersion = null,
    double? DerivedMs = null,
    double? DerivedMsp = null,
    double? MovedMm = null,
    IReadOnlyList<CorpusDatasetRecord>? DatasetSums = null);
