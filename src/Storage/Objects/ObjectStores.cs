namespace PoseCluster.Storage.Objects;

/// <summary>Creates object stores from a location URI.</summary>
public static class ObjectStores
{
    /// <summary>A store over folder <paramref name="path"/> (the embedded default).</summary>
    public static IObjectStore Folder(string path) => new FolderObjectStore(path);

    /// <summary>A store over an S3-compatible bucket (MinIO, AWS S3, Ceph) through the MinIO SDK.</summary>
    public static IObjectStore S3(S3ObjectStoreOptions options) => new MinioObjectStore(options);

    /// <summary>
    /// The store <paramref name="uri"/> names: <c>s3://bucket/prefix</c> (endpoint, region and
    /// credentials from <paramref name="s3"/>), or a folder path (optionally <c>file://</c>).
    /// </summary>
    public static IObjectStore FromUri(string uri, S3ObjectStoreOptions s3)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(uri);
        ArgumentNullException.ThrowIfNull(s3);
        if (uri.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            var rest = uri["s3://".Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            var bucket = slash < 0 ? rest : rest[..slash];
            var prefix = slash < 0 ? "" : rest[(slash + 1)..].Trim('/');
            if (bucket.Length == 0)
            {
                throw new ObjectKeyException(uri, "an s3:// location needs a bucket name");
            }

            return new MinioObjectStore(s3 with { Bucket = bucket, Prefix = prefix });
        }

        if (uri.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
        {
            return new FolderObjectStore(new Uri(uri).LocalPath);
        }

        if (uri.Contains("://", StringComparison.Ordinal))
        {
            throw new ObjectKeyException(uri, "only folder paths, file:// and s3:// locations are supported");
        }

        return new FolderObjectStore(uri);
    }
}
