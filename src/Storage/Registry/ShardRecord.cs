namespace PoseCluster.Storage.Registry;

/// <summary>A stored clip shard.</summary>
/// <param name="CorpusVersion">The corpus version that wrote it.</param>
/// <param name="Key">Object key.</param>
/// <param name="Split">train, val or test.</param>
/// <param name="Clips">Rows.</param>
/// <param name="Bytes">File size.</param>
/// <param name="Sha256">SHA-256, lower-case hex.</param>
/// <param name="Dataset">The dataset whose clips it holds, or null when not recorded.</param>
public sealed record ShardRecord(string CorpusVersion, string Key, string Split, long Clips, long Bytes, string Sha256, string? Dataset = null);
