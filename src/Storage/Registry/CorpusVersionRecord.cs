namespace PoseCluster.Storage.Registry;

/// <summary>A corpus version: its datasets by content hash, the config hash, T, S, Ms, Msp.</summary>
/// <param name="Version">Version id.</param>
/// <param name="ConfigHash">Hash of the harmonization and window configuration.</param>
/// <param name="WindowLength">Clip length T.</param>
/// <param name="Stride">Window stride S.</param>
/// <param name="Ms">Mean shoulder width, mm.</param>
/// <param name="Msp">Mean shoulder-midpoint-to-pelvis distance, mm.</param>
/// <param name="Status">building, complete or failed.</param>
/// <param name="ManifestKey">Object key of the manifest once complete.</param>
/// <param name="Datasets">Dataset name → content hash of the datasets in the version.</param>
public sealed record CorpusVersionRecord(
    string Version,
    string ConfigHash,
    int WindowLength,
    int Stride,
    double Ms,
    double Msp,
    string Status,
    string? ManifestKey,
    IReadOnlyDictionary<string, string> Datasets);
