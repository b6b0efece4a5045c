using System.Text.Json.Serialization;
using PoseCluster.Storage.Shards;

namespace PoseCluster.Storage.Pipeline;

/// <summary>A stored shard of a corpus version, with the dataset it holds and the version that wrote it (a version may list its parent's shards).</summary>
/// <param name="Key">Object key.</param>
/// <param name="Split">train, val or test.</param>
/// <param name="Dataset">The dataset whose clips it holds.</param>
/// <param name="Version">The version that wrote it.</param>
/// <param name="Clips">Rows.</param>
/// <param name="Bytes">File size.</param>
/// <param name="Sha256">SHA-256, lower-case hex.</param>
public sealed record VersionShard(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("split")] string Split,
    [property: JsonPropertyName("dataset")] string Dataset,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("clips")] long Clips,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("sha256")] string Sha256)
{
    /// <summary>The manifest's entry.</summary>
    public ShardEntry ToEntry() => new(Key, Split, Clips, Bytes, Sha256);
}
