using System.Text.Json.Serialization;

namespace PoseCluster.Storage.Shards;

/// <summary>One shard in a corpus manifest.</summary>
/// <param name="Key">Object key, <c>corpora/&lt;version&gt;/&lt;split&gt;/shard-00000.arrow</c>.</param>
/// <param name="Split">train, val or test.</param>
/// <param name="Clips">Number of clips (rows).</param>
/// <param name="Bytes">Size of the file.</param>
/// <param name="Sha256">SHA-256 of the file, lower-case hex.</param>
public sealed record ShardEntry(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("split")] string Split,
    [property: JsonPropertyName("clips")] long Clips,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("sha256")] string Sha256);
