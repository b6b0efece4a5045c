using System.Text.Json.Serialization;

namespace PoseCluster.Datasets.Ingestion;

/// <summary>
/// What is known about one raw file of a dataset: the cheap fingerprint (size, last write time and a
/// hash of the bytes at its head and tail, where the headers the loaders read live — an npz's zip
/// directory with every member's CRC-32 is at its end) and, once the file was read whole, its SHA-256.
/// </summary>
/// <param name="Path">Relative to the dataset folder, '/'-separated.</param>
/// <param name="Bytes">Size.</param>
/// <param name="ModifiedTicks">Last write time, UTC ticks.</param>
/// <param name="HeaderHash">Lower-case hex SHA-256 of the first 4 KiB and the last 4 KiB (the whole file when shorter).</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the whole file, or null while unknown.</param>
public sealed record FileFingerprint(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("modified_ticks")] long ModifiedTicks,
    [property: JsonPropertyName("header_hash")] string HeaderHash,
    [property: JsonPropertyName("sha256")] string? Sha256)
{
    /// <summary>True when size, time and headers are those of <paramref name="other"/>: the content is taken as unchanged.</summary>
    public bool CheaplyEquals(FileFingerprint other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Path == other.Path && Bytes == other.Bytes && ModifiedTicks == other.ModifiedTicks && HeaderHash == other.HeaderHash;
    }
}
