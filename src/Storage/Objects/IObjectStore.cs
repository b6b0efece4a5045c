namespace PoseCluster.Storage.Objects;

/// <summary>
/// A flat key → bytes store (ARCHITECTURE §5): a folder (embedded default) or S3-compatible
/// (MinIO, AWS S3, Ceph). Keys are '/'-separated relative paths checked by <see cref="ObjectKeys"/>.
/// A put either stores the whole object under its key or nothing.
/// </summary>
public interface IObjectStore
{
    /// <summary>Where the objects live, for messages (a folder path or s3://bucket/prefix at an endpoint).</summary>
    string Location { get; }

    /// <summary>Stores everything <paramref name="content"/> yields under <paramref name="key"/>, replacing any object there.</summary>
    Task PutAsync(string key, Stream content, CancellationToken cancellationToken);

    /// <summary>Opens object <paramref name="key"/> for reading; <see cref="ObjectNotFoundException"/> when there is none.</summary>
    Task<Stream> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>True when an object is stored under <paramref name="key"/>.</summary>
    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken);

    /// <summary>Every object whose key starts with <paramref name="prefix"/>, in key order.</summary>
    IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Removes object <paramref name="key"/>; removing a missing object is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);
}
