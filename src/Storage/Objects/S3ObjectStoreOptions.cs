namespace PoseCluster.Storage.Objects;

/// <summary>
/// How to reach an S3-compatible store (posecluster.storage.objects.s3.* in reference.conf).
/// </summary>
/// <param name="Endpoint">Endpoint URL (MinIO, Ceph, s3rver), e.g. http://127.0.0.1:9000; empty for AWS's regional endpoint.</param>
/// <param name="Region">Signing region.</param>
/// <param name="Bucket">Bucket holding the objects.</param>
/// <param name="Prefix">Key prefix inside the bucket ("" or "a/b").</param>
/// <param name="AccessKey">Access key; empty for the usual environment variables (AWS_ACCESS_KEY_ID, MINIO_ROOT_USER, ...).</param>
/// <param name="SecretKey">Secret key, with <paramref name="AccessKey"/>.</param>
/// <param name="ForcePathStyle">Path-style addressing (http://host/bucket/key); the MinIO SDK always addresses buckets this way, so false is refused.</param>
/// <param name="MultipartThreshold">Objects up to this size go up in one PUT, larger ones as a multipart upload (at least 5 MiB).</param>
/// <param name="MaxAttempts">Attempts per request for transient failures (network, 5xx, throttling).</param>
/// <param name="RetryBaseDelay">Delay before the first retry; doubles each time, with jitter.</param>
public sealed record S3ObjectStoreOptions(
    string Endpoint,
    string Region,
    string Bucket,
    string Prefix,
    string AccessKey,
    string SecretKey,
    bool ForcePathStyle,
    long MultipartThreshold,
    int MaxAttempts,
    TimeSpan RetryBaseDelay)
{
    /// <summary>Smallest part S3 accepts (all but the last), and so the smallest multipart threshold.</summary>
    public const long MinimumPartSize = 5L << 20;

    /// <summary>The defaults of reference.conf for <paramref name="bucket"/>.</summary>
    public static S3ObjectStoreOptions Default(string bucket) =>
        new("", "us-east-1", bucket, "", "", "", true, 16L << 20, 4, TimeSpan.FromMilliseconds(200));
}
