namespace PoseCluster.Storage.Objects;

/// <summary>A key that could escape the store or is not a plain relative path (bad input).</summary>
public sealed class ObjectKeyException(string key, string problem)
    : ObjectStoreException($"invalid object key '{ObjectKeys.Printable(key)}': {problem}", key);
