using System.Security.Cryptography;
using PoseCluster.Storage.Objects;

namespace PoseCluster.Storage.Tests.Objects;

/// <summary>What every <see cref="IObjectStore"/> must do; each store's test class inherits it.</summary>
public abstract class ObjectStoreContract
{
    /// <summary>A store with no objects under the returned prefix-free namespace.</summary>
    protected abstract IObjectStore CreateStore();

    /// <summary>An empty store for the listing of more than 1,000 keys (S3 pages listings by 1,000).</summary>
    protected abstract IObjectStore CreateManyKeysStore();

    private static byte[] Bytes(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    protected static async Task<byte[]> GetBytesAsync(IObjectStore store, string key)
    {
        await using var stream = await store.GetAsync(key, CancellationToken.None);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1_000_003)]
    [InlineData(64 << 20)]
    public async Task An_object_reads_back_byte_for_byte(int size)
    {
        var store = CreateStore();
        var bytes = Bytes(size, size);
        await store.PutAsync($"data/{size}.bin", new MemoryStream(bytes), CancellationToken.None);

        var read = await GetBytesAsync(store, $"data/{size}.bin");

        Assert.Equal(bytes.Length, read.Length);
        Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(read));
    }

    [Fact]
    public async Task A_put_from_a_forward_only_stream_stores_everything_it_yields()
    {
        var store = CreateStore();
        var bytes = Bytes(12 << 20, 3);
        await store.PutAsync("stream/a.bin", new ForwardOnlyStream(bytes), CancellationToken.None);

        Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(await GetBytesAsync(store, "stream/a.bin")));
    }

    [Fact]
    public async Task A_put_replaces_the_object_under_the_key()
    {
        var store = CreateStore();
        await store.PutAsync("k/x", new MemoryStream([1, 2, 3]), CancellationToken.None);
        await store.PutAsync("k/x", new MemoryStream([9]), CancellationToken.None);

        Assert.Equal([9], await GetBytesAsync(store, "k/x"));
    }

    [Fact]
    public async Task A_put_whose_source_fails_keeps_the_object_already_stored()
    {
        var store = CreateStore();
        await store.PutAsync("keep/x", new MemoryStream([1, 2, 3]), CancellationToken.None);

        await Assert.ThrowsAsync<IOException>(() => store.PutAsync("keep/x", new FailingStream(7 << 20), CancellationToken.None));
        await Assert.ThrowsAsync<IOException>(() => store.PutAsync("keep/new", new FailingStream(100), CancellationToken.None));

        Assert.Equal([1, 2, 3], await GetBytesAsync(store, "keep/x"));
        Assert.False(await store.ExistsAsync("keep/new", CancellationToken.None));
        var keys = await ListAsync(store, "keep/");
        Assert.Equal(["keep/x"], keys.Select(k => k.Key));
    }

    [Fact]
    public async Task Exists_and_delete_follow_puts()
    {
        var store = CreateStore();
        Assert.False(await store.ExistsAsync("e/x", CancellationToken.None));
        await store.PutAsync("e/x", new MemoryStream([1]), CancellationToken.None);
        Assert.True(await store.ExistsAsync("e/x", CancellationToken.None));
        await store.DeleteAsync("e/x", CancellationToken.None);
        Assert.False(await store.ExistsAsync("e/x", CancellationToken.None));
        await store.DeleteAsync("e/x", CancellationToken.None);
        await store.DeleteAsync("never/was/here", CancellationToken.None);
    }

    [Fact]
    public async Task Getting_a_missing_object_is_an_object_not_found_error_naming_the_key()
    {
        var store = CreateStore();
        var error = await Assert.ThrowsAsync<ObjectNotFoundException>(() => store.GetAsync("missing/thing.arrow", CancellationToken.None));
        Assert.Equal("missing/thing.arrow", error.Key);
        Assert.Contains("missing/thing.arrow", error.Message, StringComparison.Ordinal);
        Assert.False(await store.ExistsAsync("missing/thing.arrow", CancellationToken.None));
    }

    [Fact]
    public async Task Listing_returns_the_objects_under_a_prefix_in_key_order_with_sizes()
    {
        var store = CreateStore();
        foreach (var key in new[] { "corpora/v1/train/shard-00001.arrow", "corpora/v1/train/shard-00000.arrow", "corpora/v1/val/shard-00000.arrow", "corpora/v10/x", "other/y" })
        {
            await store.PutAsync(key, new MemoryStream(new byte[key.Length]), CancellationToken.None);
        }

        var listed = await ListAsync(store, "corpora/v1/");
        Assert.Equal(
            [
                new ObjectInfo("corpora/v1/train/shard-00000.arrow", 34),
                new ObjectInfo("corpora/v1/train/shard-00001.arrow", 34),
                new ObjectInfo("corpora/v1/val/shard-00000.arrow", 32),
            ],
            listed);
        Assert.Equal(4, (await ListAsync(store, "corpora/v1")).Count);
        Assert.Empty(await ListAsync(store, "nothing/"));
    }

    [Fact]
    public async Task Concurrent_puts_of_different_keys_each_store_their_own_bytes()
    {
        var store = CreateStore();
        var sizes = Enumerable.Range(0, 16).Select(i => i == 3 || i == 11 ? (6 << 20) + i : 1000 * (i + 1)).ToArray();
        await Task.WhenAll(sizes.Select((size, i) => store.PutAsync($"concurrent/{i:D2}.bin", new MemoryStream(Bytes(size, 100 + i)), CancellationToken.None)));

        var reads = await Task.WhenAll(sizes.Select((_, i) => GetBytesAsync(store, $"concurrent/{i:D2}.bin")));
        for (var i = 0; i < sizes.Length; i++)
        {
            Assert.Equal(SHA256.HashData(Bytes(sizes[i], 100 + i)), SHA256.HashData(reads[i]));
        }

        Assert.Equal(sizes.Length, (await ListAsync(store, "concurrent/")).Count);
    }

    [Fact]
    public async Task A_listing_of_more_than_a_thousand_keys_returns_every_one_in_key_order()
    {
        var store = CreateManyKeysStore();
        var keys = Enumerable.Range(0, 1_050).Select(i => $"many/{i % 7}/k{i:D5}").ToList();
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (key, ct) =>
            await store.PutAsync(key, new MemoryStream([(byte)key.Length]), ct));
        await store.PutAsync("other/x", new MemoryStream([1]), CancellationToken.None);

        var listed = await ListAsync(store, "many/");

        Assert.Equal(keys.Order(StringComparer.Ordinal), listed.Select(o => o.Key));
        Assert.All(listed, o => Assert.Equal(1, o.Size));
    }

    [Fact]
    public async Task An_object_read_through_its_recorded_checksum_reads_back_and_a_changed_one_is_refused_naming_the_key()
    {
        var store = CreateStore();
        var bytes = Bytes(3_000_001, 5);
        var stored = await VerifiedObjects.PutAsync(store, "checked/a.ckpt", new ForwardOnlyStream(bytes), CancellationToken.None);
        Assert.Equal((Convert.ToHexStringLower(SHA256.HashData(bytes)), (long)bytes.Length), (stored.Sha256, stored.Bytes));

        await using (var verified = await VerifiedObjects.OpenAsync(store, stored.Key, stored.Sha256, CancellationToken.None, stored.Bytes))
        {
            using var copy = new MemoryStream();
            await verified.CopyToAsync(copy);
            Assert.Equal(bytes, copy.ToArray());
        }

        bytes[1_234_567] ^= 1;
        await store.PutAsync("checked/a.ckpt", new MemoryStream(bytes), CancellationToken.None);

        var error = await Assert.ThrowsAsync<ChecksumMismatchException>(() => VerifiedObjects.OpenAsync(store, stored.Key, stored.Sha256, CancellationToken.None));
        Assert.Equal("checked/a.ckpt", error.Key);
        Assert.Contains("checked/a.ckpt", error.Message, StringComparison.Ordinal);
        Assert.Equal(stored.Sha256, error.ExpectedSha256);
        await Assert.ThrowsAsync<ObjectNotFoundException>(() => VerifiedObjects.OpenAsync(store, "checked/none", stored.Sha256, CancellationToken.None));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/../../b")]
    [InlineData("/absolute/path")]
    [InlineData("a//b")]
    [InlineData("a/./b")]
    [InlineData("back\\slash")]
    [InlineData("control\u0001char")]
    [InlineData("new\nline")]
    [InlineData("")]
    public async Task Keys_that_could_escape_or_are_not_plain_paths_are_refused(string key)
    {
        var store = CreateStore();
        await Assert.ThrowsAsync<ObjectKeyException>(() => store.PutAsync(key, new MemoryStream([1]), CancellationToken.None));
        await Assert.ThrowsAsync<ObjectKeyException>(() => store.GetAsync(key, CancellationToken.None));
        await Assert.ThrowsAsync<ObjectKeyException>(() => store.DeleteAsync(key, CancellationToken.None));
    }

    protected static async Task<List<ObjectInfo>> ListAsync(IObjectStore store, string prefix)
    {
        var result = new List<ObjectInfo>();
        await foreach (var info in store.ListAsync(prefix, CancellationToken.None))
        {
            result.Add(info);
        }

        return result;
    }

    /// <summary>Yields <paramref name="goodBytes"/> bytes, then fails like a dropped connection.</summary>
    private sealed class FailingStream(int goodBytes) : Stream
    {
        private int position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (position >= goodBytes)
            {
                throw new IOException("source failed");
            }

            var n = Math.Min(buffer.Length, goodBytes - position);
            buffer[..n].Fill(7);
            position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
