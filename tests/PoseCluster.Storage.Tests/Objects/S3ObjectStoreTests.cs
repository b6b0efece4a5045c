using Amazon.Runtime;
using PoseCluster.Storage.Objects;

namespace PoseCluster.Storage.Tests.Objects;

/// <summary>The object store contract against s3rver, plus what only S3 has: parts, prefixes, an unreachable endpoint.</summary>
public sealed class S3ObjectStoreTests(S3rverFixture s3rver) : ObjectStoreContract, IClassFixture<S3rverFixture>
{
    protected override IObjectStore CreateStore() => ObjectStores.S3(s3rver.Options(prefix: "t" + Guid.NewGuid().ToString("N")));

    [Fact]
    public async Task Objects_above_the_threshold_are_uploaded_in_parts_without_chunk_encoding()
    {
        var requests = new RecordingHttpClientFactory();
        var store = new S3ObjectStore(s3rver.Options("multipart" + Guid.NewGuid().ToString("N")), requests);
        var bytes = new byte[(11 << 20) + 5];
        new Random(11).NextBytes(bytes);

        await store.PutAsync("big.bin", new MemoryStream(bytes), CancellationToken.None);
        await store.PutAsync("small.bin", new MemoryStream(bytes, 0, 1000), CancellationToken.None);

        var parts = requests.Seen.Where(r => r.Method == "PUT" && r.Query.Contains("partNumber=", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, parts.Count);
        Assert.Single(requests.Seen, r => r.Method == "PUT" && !r.Query.Contains("partNumber=", StringComparison.Ordinal));
        Assert.All(requests.Seen.Where(r => r.Method == "PUT"), r => Assert.NotEqual("aws-chunked", r.ContentEncoding));
        Assert.Equal(bytes, await GetBytesAsync(store, "big.bin"));
    }

    /// <summary>Records method, query and content encoding of every request the SDK sends.</summary>
    private sealed class RecordingHttpClientFactory : HttpClientFactory
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<(string Method, string Query, string? ContentEncoding)> seen = new();

        public IReadOnlyList<(string Method, string Query, string? ContentEncoding)> Seen => seen.ToList();

        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new Recorder(seen));

        private sealed class Recorder(System.Collections.Concurrent.ConcurrentQueue<(string, string, string?)> seen) : DelegatingHandler(new HttpClientHandler())
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                seen.Enqueue((request.Method.Method, request.RequestUri?.Query ?? "", request.Content?.Headers.ContentEncoding.FirstOrDefault()));
                return base.SendAsync(request, cancellationToken);
            }
        }
    }

    [Fact]
    public async Task A_corpus_streamed_into_s3_reads_back_clip_for_clip_with_matching_hashes()
    {
        var store = ObjectStores.FromUri($"s3://{S3rverFixture.Bucket}/corpus{Guid.NewGuid():N}", s3rver.Options());
        var metadata = SyntheticClips.Metadata(windowLength: 16, version: "s3v");
        var clips = SyntheticClips.Make(2500, metadata, i => i % 4 == 0 ? "val" : "train");
        var writer = new PoseCluster.Storage.Shards.CorpusWriter(store, metadata, new PoseCluster.Storage.Shards.CorpusWriterOptions(8_000_000, 1 << 20));
        PoseCluster.Storage.Shards.CorpusManifest manifest;
        await using (writer)
        {
            foreach (var clip in clips)
            {
                await writer.AddAsync(clip, CancellationToken.None);
            }

            manifest = await writer.CompleteAsync(CancellationToken.None);
        }

        var reread = await PoseCluster.Storage.Shards.CorpusManifest.ReadAsync(store, "s3v", CancellationToken.None);
        Assert.Equal(manifest.Shards, reread.Shards);
        Assert.True(manifest.Shards.Count >= 2);
        var read = 0;
        foreach (var shard in manifest.Shards)
        {
            var bytes = await GetBytesAsync(store, shard.Key);
            Assert.Equal(shard.Sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
            await using var reader = await PoseCluster.Storage.Shards.ClipShardReader.OpenAsync(store, shard.Key, CancellationToken.None);
            await foreach (var clip in reader.ReadClipsAsync(CancellationToken.None))
            {
                SyntheticClips.AssertSame(clips.Single(c => c.ClipId == clip.ClipId && c.Dataset == clip.Dataset), clip);
                read++;
            }
        }

        Assert.Equal(clips.Count, read);
    }

    [Fact]
    public async Task The_uri_factory_puts_objects_under_the_bucket_and_prefix_of_an_s3_uri()
    {
        var store = ObjectStores.FromUri($"s3://{S3rverFixture.Bucket}/uri/prefix", s3rver.Options());
        await store.PutAsync("a.txt", new MemoryStream([42]), CancellationToken.None);

        var root = ObjectStores.S3(s3rver.Options());
        Assert.True(await root.ExistsAsync("uri/prefix/a.txt", CancellationToken.None));
        Assert.Equal(["a.txt"], (await ListAsync(store, "")).Select(o => o.Key));
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
    }

    [Fact]
    public async Task A_corpus_written_to_an_unreachable_endpoint_fails_naming_it_and_writes_no_manifest()
    {
        var endpoint = $"http://127.0.0.1:{S3rverFixture.FreePort()}";
        var store = ObjectStores.S3(s3rver.Options() with { Endpoint = endpoint, MaxAttempts = 2, RetryBaseDelay = TimeSpan.FromMilliseconds(10) });
        var metadata = SyntheticClips.Metadata(windowLength: 16, version: "down");
        var writer = new PoseCluster.Storage.Shards.CorpusWriter(store, metadata, new PoseCluster.Storage.Shards.CorpusWriterOptions(4_000_000, 256 * 1024));

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
    public async Task A_missing_bucket_is_an_object_store_error_naming_the_bucket()
    {
        var store = ObjectStores.S3(s3rver.Options() with { Bucket = "no-such-bucket" });
        var error = await Assert.ThrowsAsync<ObjectStoreException>(() => store.PutAsync("x", new MemoryStream([1]), CancellationToken.None));
        Assert.Contains("no-such-bucket", error.Message, StringComparison.Ordinal);
    }
}
