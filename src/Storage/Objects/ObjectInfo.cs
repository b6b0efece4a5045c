namespace PoseCluster.Storage.Objects;

/// <summary>A stored object as listed: its key and size in bytes.</summary>
/// <param name="Key">The object's key.</param>
/// <param name="Size">Size in bytes.</param>
public sealed record ObjectInfo(string Key, long Size);
