using System.Text.Json.Serialization;

namespace PoseCluster.Datasets.Pipeline;

/// <summary>Where a sequence's frames sit in its unit's stage-1 data object.</summary>
/// <param name="Offset">Byte offset of the block.</param>
/// <param name="Bytes">Length of the block, trailer included.</param>
/// <param name="Checksum">Lower-case hex CRC-32 (zip polynomial) of the block without its 4-byte trailer (the trailer holds the same value).</param>
public sealed record Stage1Block(
    [property: JsonPropertyName("offset")] long Offset,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("crc32")] string Checksum);
