using System.Text.Json.Serialization;

namespace PoseCluster.Datasets.Ingestion;

/// <summary>One file's identity by content.</summary>
/// <param name="Path">Relative to the dataset folder, '/'-separated.</param>
/// <param name="Bytes">Size.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the whole file.</param>
public sealed record FileHash(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("sha256")] string Sha256);
