using PoseCluster.Configuration;
using PoseCluster.Storage.Objects;
using PoseCluster.Storage.Shards;

namespace PoseCluster.Host.Cli;

/// <summary>Storage options from posecluster.storage.* and posecluster.registry.* (reference.conf documents each key).</summary>
internal static class StorageSettings
{
    /// <summary>S3 connection settings (endpoint, region, credentials, multipart, retries); bucket and prefix are the defaults for kind = s3.</summary>
    public static S3ObjectStoreOptions S3(Config config)
    {
        var s3 = config.GetConfigOrEmpty("posecluster.storage.objects.s3");
        return new S3ObjectStoreOptions(
            s3.GetString("endpoint", ""),
            s3.GetString("region", "us-east-1"),
            s3.GetString("bucket", "posecluster"),
            s3.GetString("prefix", ""),
            s3.GetString("access-key", ""),
            s3.GetString("secret-key", ""),
            s3.GetBoolean("force-path-style", true),
            s3.GetByteSize("multipart-threshold", 16L << 20),
            s3.GetInt("max-attempts", 4),
            s3.GetDuration("retry-base-delay", TimeSpan.FromMilliseconds(200)));
    }

    /// <summary>The store a URI names (folder or s3://bucket/prefix), with S3 settings from config.</summary>
    public static IObjectStore ObjectStore(string uri, Config config) => ObjectStores.FromUri(uri, S3(config));

    /// <summary>Shard sizing from posecluster.storage.shards.</summary>
    public static CorpusWriterOptions Shards(Config config)
    {
        var shards = config.GetConfigOrEmpty("posecluster.storage.shards");
        return new CorpusWriterOptions(
            shards.GetByteSize("target-size", 128_000_000),
            shards.GetByteSize("batch-size", 8L << 20));
    }

    /// <summary>The registry URL: <paramref name="overrideUrl"/> when given, else posecluster.registry.url.</summary>
    public static string RegistryUrl(Config config, string? overrideUrl) =>
        overrideUrl ?? config.GetString("posecluster.registry.url", "sqlite:.posecluster/registry.db");
}
