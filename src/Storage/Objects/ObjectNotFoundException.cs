namespace PoseCluster.Storage.Objects;

/// <summary>No object is stored under the key.</summary>
public sealed class ObjectNotFoundException(string location, string key)
    : ObjectStoreException($"no object '{key}' in {location}", key);
