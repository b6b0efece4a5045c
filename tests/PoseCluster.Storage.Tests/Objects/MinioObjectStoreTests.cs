using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using PoseCluster.Storage.Objects;
using PoseCluster.Storage.Shards;

namespace PoseCluster.Storage.Tests.Objects;

/// <summary>The object store contract on the MinIO store against s3rver, plus what only S3 has: parts, retries, prefixes, endpoints, credentials.</summary>
public sealed class MinioObjectStoreTests(S3rverFixture s3rver) : ObjectStoreContract, IClassFixture<S3rverFixture>
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    protected override IObjectStore CreateStore() => ObjectStores.S3(s3rver.Options(prefix: "t" + Guid.NewGuid().ToString("N")));

    protected override IObjectStore CreateManyKeysStore() =>
        ObjectStores.S3(s3rver.Options(prefix: "t" + Guid.NewGuid().ToString("N"), bucket: S3rverFixture.ManyKeysBucket));

    [Fact]
    public async Task Objects_above_the_threshold_go_up_in_parts_and_objects_up_to_it_in_one_put()
    {
        var requests = new RecordingHandler();
        using var store = new MinioObjectStore(s3rver.Options("multipart" + Guid.NewGuid().ToString("N"), multipartThreshold: 8L << 20), requests, NoEnvironment);
        var big = RandomBytes((33 << 20) + 5, 11);
        var middle = RandomBytes(7 << 20, 12);

        await store.PutAsync("big.bin", new MemoryStream(big), CancellationToken.None);
        await store.PutAsync("middle.bin", new ForwardOnlyStream(middle), CancellationToken.None);
        await store.PutAsync("small.bin", new MemoryStream(big, 0, 1000), CancellationToken.None);

        var puts = requests.Seen.Where(r => r.Method == "PUT").ToList();
        // 33 MiB in the SDK's 16 MiB parts: 3 parts; 7 MiB and 1,000 bytes: one PUT each.
        Assert.Equal(3, puts.Count(r => r.Query.Contains("partNumber=", StringComparison.Ordinal)));
        Assert.Equal(2, puts.Count(r => !r.Query.Contains("partNumber=", StringComparison.Ordinal)));
        Assert.Equal(big, await GetBytesAsync(store, "big.bin"));
        Assert.Equal(middle, await GetBytesAsync(store, "middle.bin"));
        Assert.Equal(big[..1000], await GetBytesAsync(store, "small.bin"));
        Assert.DoesNotContain(requests.Seen, r => r.Range is not null);
    }

    [Fact]
    public async Task Transient_server_errors_are_retried_with_back_off_until_the_request_succeeds()
    {
        var requests = new RecordingHandler { FailFirst = 2, FailWith = HttpStatusCode.ServiceUnavailable };
        using var store = new MinioObjectStore(s3rver.Options("retry" + Guid.NewGuid().ToString("N")), requests, NoEnvironment);

        await store.PutAsync("x.bin", new MemoryStream([1, 2, 3]), CancellationToken.None);

        Assert.Equal(3, requests.Seen.Count(r => r.Method == "PUT"));
        Assert.Equal([1, 2, 3], await GetBytesAsync(store, "x.bin"));
    }

    [Fact]
    public async Task A_server_that_keeps_failing_is_reported_as_unavailable_naming_the_endpoint_after_every_attempt()
    {
        var requests = new RecordingHandler { FailFirst = int.MaxValue, FailWith = HttpStatusCode.InternalServerError };
        using var store = new MinioObjectStore(s3rver.Options() with { MaxAttempts = 3, RetryBaseDelay = TimeSpan.FromMilliseconds(5) }, requests, NoEnvironment);

        var error = await Assert.ThrowsAsync<ObjectStoreUnavailableException>(() => store.PutAsync("x", new MemoryStream([1]), CancellationToken.None));

        Assert.Equal(3, requests.Seen.Count);
        Assert.Equal(s3rver.Endpoint, error.Endpoint);
        Assert.Contains("500", error.Message, StringComparison.Ordinal);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task The_uri_factory_puts_objects_under_the_bucket_and_prefix_of_an_s3_uri()
    {
        var store = ObjectStores.FromUri($"s3://{S3rverFixture.Bucket}/uri/prefix", s3rver.Options());
        await store.PutAsync("a.txt", new MemoryStream([42]), CancellationToken.None);

        var root = ObjectStores.S3(s3rver.Options());
        Assert.True(await root.ExistsAsync("uri/prefix/a.txt", CancellationToken.None));
        Assert.Equal(["a.txt"], (await ListAsync(store, "")).Select(o => o.Key));
        Assert.StartsWith($"s3://{S3rverFixture.Bucket}/uri/prefix/ at {s3rver.Endpoint}", store.Location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_endpoint_is_retried_then_reported_naming_the_endpoint()
    {
        var endpoint = $"http://127.0.0.1:{S3rverFixture.FreePort()}";
        var store = ObjectStores.S3(s3rver.Options() with { Endpoint = endpoint, MaxAttempts = 3, RetryBaseDelay = TimeSpan.FromMilliseconds(10) });

        var error = await Assert.ThrowsAsync<ObjectStoreUnavailableException>(() => store.PutAsync("x", new MemoryStream([1]), CancellationToken.None));

        Assert.Equal(endpoint, error.Endpoint);
        Assert.Contains(endpoint, error.Message, StringComparison.Ordinal);
        Assert.Contains("3 attempts", error.Message, StringComparison.Ordinal);
        Assert.True(error.IsTransient);
        await Assert.ThrowsAsync<ObjectStoreUnavailableException>(() => store.GetAsync("x", CancellationToken.None));
    }

    [Fact]
    public async Task A_corpus_written_to_an_unreachable_endpoint_fails_naming_it_and_writes_no_manifest()
    {
        var endpoint = $"http://127.0.0.1:{S3rverFixture.FreePort()}";
        var store = ObjectStores.S3(s3rver.Options() with { Endpoint = endpoint, MaxAttempts = 2, RetryBaseDelay = TimeSpan.FromMilliseconds(10) });
        var metadata = SyntheticClips.Metadata(windowLength: 16, version: "down");
        var writer = new CorpusWriter(store, metadata, new CorpusWriterOptions(4_000_000, 256 * 1024));

        var error = await Assert.ThrowsAsync<ObjectStoreUnavailableException>(async () =>
        {
            await using (writer)
            {
                foreach (var clip in SyntheticClips.Make(1500, metadata))
                {
                    await writer.AddAsync(clip, CancellationToken.None);
                }

                await writer.CompleteAsync(CancellationToken.None);
            }
        });

        Assert.Equal(endpoint, error.Endpoint);
    }

    [Fact]
    public async Task A_missing_bucket_is_an_object_store_error_naming_the_endpoint_bucket_and_key()
    {
        var store = ObjectStores.S3(s3rver.Options() with { Bucket = "no-such-bucket" });
        var put = await Assert.ThrowsAsync<ObjectStoreException>(() => store.PutAsync("k/x", new MemoryStream([1]), CancellationToken.None));
        var get = await Assert.ThrowsAsync<ObjectStoreException>(() => store.GetAsync("k/y", CancellationToken.None));

        foreach (var (error, key) in new[] { (put, "k/x"), (get, "k/y") })
        {
            Assert.Contains("no-such-bucket", error.Message, StringComparison.Ordinal);
            Assert.Contains(s3rver.Endpoint, error.Message, StringComparison.Ordinal);
            Assert.Contains(key, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Empty_credentials_are_taken_from_the_usual_environment_variables_or_refused_naming_them()
    {
        var environment = new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = "S3RVER", ["AWS_SECRET_ACCESS_KEY"] = "S3RVER" };
        using var store = new MinioObjectStore(s3rver.Options("env") with { AccessKey = "", SecretKey = "" }, null, name => environment.GetValueOrDefault(name));
        await store.PutAsync("x", new MemoryStream([7]), CancellationToken.None);
        Assert.Equal([7], await GetBytesAsync(store, "x"));

        var error = Assert.Throws<ObjectStoreException>(() => new MinioObjectStore(s3rver.Options() with { AccessKey = "" }, null, NoEnvironment));
        Assert.Contains("AWS_ACCESS_KEY_ID", error.Message, StringComparison.Ordinal);
        Assert.Contains("access-key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corpus_streamed_into_s3_reads_back_clip_for_clip_through_its_verified_shards()
    {
        var store = ObjectStores.FromUri($"s3://{S3rverFixture.Bucket}/corpus{Guid.NewGuid():N}", s3rver.Options());
        var metadata = SyntheticClips.Metadata(windowLength: 16, version: "s3v");
        var clips = SyntheticClips.Make(2500, metadata, i => i % 4 == 0 ? "val" : "train");
        var writer = new CorpusWriter(store, metadata, new CorpusWriterOptions(8_000_000, 1 << 20));
        CorpusManifest manifest;
        await using (writer)
        {
            foreach (var clip in clips)
            {
                await writer.AddAsync(clip, CancellationToken.None);
            }

            manifest = await writer.CompleteAsync(CancellationToken.None);
        }

        var reread = await CorpusManifest.ReadAsync(store, "s3v", CancellationToken.None);
        Assert.Equal(manifest.Shards, reread.Shards);
        Assert.True(manifest.Shards.Count >= 2);
        var byId = clips.ToDictionary(c => c.ClipId + c.Dataset);
        var read = 0;
        foreach (var shard in manifest.Shards)
        {
            Assert.Equal(shard.Sha256, Convert.ToHexStringLower(SHA256.HashData(await GetBytesAsync(store, shard.Key))));
            await using var reader = await ClipShardReader.OpenAsync(store, shard.Key, CancellationToken.None);
            await foreach (var clip in reader.ReadClipsAsync(CancellationToken.None))
            {
                SyntheticClips.AssertSame(byId[clip.ClipId + clip.Dataset], clip);
                read++;
            }
        }

        Assert.Equal(clips.Count, read);
    }

    private static byte[] RandomBytes(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>The transport under the store: records each request (method, query, Range header) and can answer the first ones with an error.</summary>
    private sealed class RecordingHandler() : DelegatingHandler(new SocketsHttpHandler())
    {
        private readonly ConcurrentQueue<(string Method, string Query, string? Range)> seen = new();
        private int failed;

        public int FailFirst { get; init; }

        public HttpStatusCode FailWith { get; init; } = HttpStatusCode.ServiceUnavailable;

        public IReadOnlyList<(string Method, string Query, string? Range)> Seen => seen.ToList();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            seen.Enqueue((request.Method.Method, request.RequestUri?.Query ?? "", request.Headers.Range?.ToString()));
            if (Interlocked.Increment(ref failed) <= FailFirst)
            {
                return Task.FromResult(new HttpResponseMessage(FailWith) { RequestMessage = request, Content = new StringContent("") });
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
