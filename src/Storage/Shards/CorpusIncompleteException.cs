namespace PoseCluster.Storage.Shards;

/// <summary>A corpus manifest that cannot be used: unreadable, or naming a shard that is missing or has the wrong size.</summary>
public sealed class CorpusIncompleteException(string manifestKey, string problem)
    : StorageException($"{manifestKey}: {problem}")
{
    /// <summary>Key of the manifest.</summary>
    public string ManifestKey { get; } = manifestKey;
}
