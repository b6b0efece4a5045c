using PoseCluster.Storage.Objects;
using PoseCluster.Testing;

namespace PoseCluster.Storage.Tests.Objects;

/// <summary>
/// One s3rver for a test class, with a small bucket for most tests and one of its own for the listing
/// of more than 1,000 keys (s3rver answers the SDK's HEAD on a bucket, sent before every get and stat,
/// by listing up to 1,000 objects, so the main bucket stays small).
/// </summary>
public sealed class S3rverFixture : IAsyncLifetime
{
    public const string Bucket = "posecluster-test";
    public const string ManyKeysBucket = "posecluster-many";
    private S3rver? server;

    public string Endpoint => server?.Endpoint ?? throw new InvalidOperationException("s3rver is not started");

    public S3ObjectStoreOptions Options(string prefix = "", long multipartThreshold = 5L << 20, string bucket = Bucket) =>
        new(Endpoint, "us-east-1", bucket, prefix, S3rver.Key, S3rver.Key, true, multipartThreshold, 4, TimeSpan.FromMilliseconds(50));

    public static int FreePort() => S3rver.FreePort();

    public async Task InitializeAsync() => server = await S3rver.StartAsync(Bucket, ManyKeysBucket);

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
