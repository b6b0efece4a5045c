namespace PoseCluster.Storage.Objects;

/// <summary>
/// How to reach an S3-compatible store (posecluster.storage.objects.s3.* in reference.conf).
/// </summary>
/// <param name="Endpoint">Endpoint URL (MinIO, Ceph, s3rver); empty for AWS's regional endpoint.</param>
/// <param name="Region">Signing region.</param>
/// <param name="Bucket">Bucket holding the objects.</param>
/// <param name="Prefix">Key prefix inside the bucket ("" or "a/b").</param>
/// <param name="AccessKey">Access key; empty for the SDK's default credential chain.</param>
/// <param name="SecretKey">Secret key, with <paramref name="AccessKey"/>.</param>
/// <param name="ForcePathStyle">Path-style addressing (http://host/bucket/key), needed by MinIO and s3rver.</param>
/// <param name="MultipartThreshold">Objects larger than this go up in parts of this size (at least 5 MiB).</param>
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
    /// <summary>Smallest part S3 accepts (all but the last).</summary>
    public const long MinimumPartSize = 5L << 20;

    /// <summary>The defaults of reference.conf for <paramref name="bucket"/>.</summary>
    public static S3ObjectStoreOptions Default(string bucket) =>
        new("", "us-east-1", bucket, "", "", "", true, 16L << 20, 4, TimeSpan.FromMilliseconds(200));
}
