using System.Text.Json.Serialization;

namespace PoseCluster.Datasets.Ingestion;

/// <summary>
/// A dataset's identity after ingestion: every file's fingerprint with its SHA-256 (the previous
/// fingerprints of the next scan), the cheap fingerprint, and the content hash corpus versions name it by.
/// </summary>
/// <param name="Source">The dataset.</param>
/// <param name="Files">Every file the loader reads, ordinal path order.</param>
/// <param name="CheapFingerprint">See <see cref="DatasetScan.CheapFingerprint"/>.</param>
/// <param name="ContentHash">See <see cref="ContentHashes.Dataset"/>.</param>
public sealed record DatasetFingerprint(
    [property: JsonPropertyName("source")] DatasetSource Source,
    [property: JsonPropertyName("files")] IReadOnlyList<FileFingerprint> Files,
    [property: JsonPropertyName("cheap_fingerprint")] string CheapFingerprint,
    [property: JsonPropertyName("content_hash")] string ContentHash);
