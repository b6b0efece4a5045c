using System.Security.Cryptography;
using PoseCluster.Datasets;
using PoseCluster.Storage.Objects;
using PoseCluster.Storage.Shards;

namespace PoseCluster.Storage.Tests.Shards;

public sealed class CorpusWriterTests
{
    private static readonly string[] Splits = ["train", "val", "test"];

    [Fact]
    public async Task Clips_fill_shards_per_split_up_to_the_target_size_and_the_manifest_is_written_last()
    {
        var store = new RecordingStore(ObjectStores.Folder(TestPaths.NewTemporaryFolder()));
        var metadata = SyntheticClips.Metadata(windowLength: 4, version: "v7");
        var clips = SyntheticClips.Make(300, metadata, i => Splits[i % 3]);
        const long target = 64 * 1024;

        var writer = new CorpusWriter(store, metadata, new CorpusWriterOptions(target, 16 * 1024));
        await using (writer)
        {
            foreach (var clip in clips)
            {
                await writer.AddAsync(clip, CancellationToken.None);
            }

            var manifest = await writer.CompleteAsync(CancellationToken.None);

            Assert.Equal("corpora/v7/manifest.json", store.Puts[^1]);
            Assert.Equal(("v7", 4, 4, 351.25, 478.5), (manifest.Version, manifest.Window, manifest.Stride, manifest.Ms, manifest.Msp));
            Assert.True(manifest.Shards.Count(s => s.Split == "train") >= 2);
            Assert.Contains(manifest.Shards, s => s.Key == "corpora/v7/val/shard-00000.arrow");
            Assert.Contains(manifest.Shards, s => s.Key == "corpora/v7/train/shard-00001.arrow");
            Assert.Equal(clips.Count, manifest.Shards.Sum(s => s.Clips));

            var read = new List<Clip>();
            foreach (var shard in manifest.Shards)
            {
                var bytes = await ReadAllBytesAsync(store, shard.Key);
                Assert.True(bytes.Length <= target, $"{shard.Key} has {bytes.Length} bytes");
                Assert.Equal(shard.Bytes, bytes.Length);
                Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), shard.Sha256);
                await using var reader = await ClipShardReader.OpenAsync(store, shard.Key, CancellationToken.None);
                var count = 0;
                await foreach (var clip in reader.ReadClipsAsync(CancellationToken.None))
                {
                    Assert.Equal(shard.Split, clip.Split);
                    read.Add(clip);
                    count++;
                }

                Assert.Equal(shard.Clips, count);
            }

            var byId = read.ToDictionary(c => c.ClipId + c.Dataset);
            foreach (var clip in clips)
            {
                SyntheticClips.AssertSame(clip, byId[clip.ClipId + clip.Dataset]);
            }

            var reread = await CorpusManifest.ReadAsync(store, "v7", CancellationToken.None);
            Assert.Equal(manifest.Shards, reread.Shards);

            // The corpus reader: every shard verified, the next one opened while the current is read.
            var streamed = new List<string>();
            await foreach (var batch in ClipShardReader.ReadBatchesAsync(store, manifest.Shards, CancellationToken.None))
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    Assert.True(batch.Pose3d(i).SequenceEqual(byId[batch.ClipId(i) + batch.Dataset(i)].Pose3d));
                    streamed.Add(batch.ClipId(i) + batch.Dataset(i));
                }
            }

            Assert.Equal(read.Select(c => c.ClipId + c.Dataset), streamed);
            await foreach (var batch in ClipShardReader.ReadBatchesAsync(store, manifest.Shards, CancellationToken.None))
            {
                Assert.True(batch.Count > 0);
                break; // leaving early closes the shard opened ahead
            }
        }
    }

    [Fact]
    public async Task Shards_staged_in_a_folder_store_while_their_hash_follows_the_writer_read_back_clip_for_clip()
    {
        // The folder store's own staging (temp file in place, hashed as it grows, fsync, rename), with
        // enough batches and shards that hashing, writing and committing overlap.
        var store = ObjectStores.Folder(TestPaths.NewTemporaryFolder());
        var metadata = SyntheticClips.Metadata(windowLength: 16, version: "v11");
        var clips = SyntheticClips.Make(6000, metadata, i => Splits[i % 5 % 3]);
        var writer = new CorpusWriter(store, metadata, new CorpusWriterOptions(6_000_000, 2 << 20));
        CorpusManifest manifest;
        await using (writer)
        {
            foreach (var clip in clips)
            {
                await writer.AddAsync(clip, CancellationToken.None);
            }

            manifest = await writer.CompleteAsync(CancellationToken.None);
        }

        Assert.True(manifest.Shards.Count >= 5, $"{manifest.Shards.Count} shards");
        var byId = clips.ToDictionary(c => c.ClipId + c.Dataset);
        var read = 0;
        await foreach (var batch in ClipShardReader.ReadBatchesAsync(store, manifest.Shards, CancellationToken.None))
        {
            for (var i = 0; i < batch.Count; i++, read++)
            {
                SyntheticClips.AssertSame(byId[batch.ClipId(i) + batch.Dataset(i)], batch.ToClip(i));
            }
        }

        Assert.Equal(clips.Count, read);
        Assert.Empty(Directory.EnumerateFiles(store.Location, ".tmp-*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_manifest_naming_a_missing_shard_is_a_corpus_incomplete_error_naming_the_shard()
    {
        var store = ObjectStores.Folder(TestPaths.NewTemporaryFolder());
        var metadata = SyntheticClips.Metadata(version: "v8");
        var writer = new CorpusWriter(store, metadata, CorpusWriterOptions.Default);
        await using (writer)
        {
            foreach (var clip in SyntheticClips.Make(10, metadata, i => Splits[i % 2]))
            {
                await writer.AddAsync(clip, CancellationToken.None);
            }

            await writer.CompleteAsync(CancellationToken.None);
        }

        await store.DeleteAsync("corpora/v8/val/shard-00000.arrow", CancellationToken.None);

        var error = await Assert.ThrowsAsync<CorpusIncompleteException>(() => CorpusManifest.ReadAsync(store, "v8", CancellationToken.None));
        Assert.Contains("corpora/v8/val/shard-00000.arrow", error.Message, StringComparison.Ordinal);
        Assert.True(await store.ExistsAsync("corpora/v8/train/shard-00000.arrow", CancellationToken.None));
    }

    [Fact]
    public async Task A_shard_changed_in_the_store_after_it_was_written_is_refused_naming_its_key()
    {
        var folder = TestPaths.NewTemporaryFolder();
        var store = ObjectStores.Folder(folder);
        var metadata = SyntheticClips.Metadata(version: "v10");
        var writer = new CorpusWriter(store, metadata, CorpusWriterOptions.Default);
        CorpusManifest manifest;
        await using (writer)
        {
            foreach (var clip in SyntheticClips.Make(20, metadata))
            {
                await writer.AddAsync(clip, CancellationToken.None);
            }

            manifest = await writer.CompleteAsync(CancellationToken.None);
        }

        var key = manifest.Shards.Single().Key;
        await using (var reader = await ClipShardReader.OpenAsync(store, key, CancellationToken.None))
        {
            Assert.Equal("v10", reader.Metadata.CorpusVersion);
        }

        // Flip one pose value in place: the file stays a valid Arrow file of the same size.
        var path = Path.Combine(folder, key);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[bytes.Length / 2] ^= 0x40;
        await File.WriteAllBytesAsync(path, bytes);

        var byKey = await Assert.ThrowsAsync<ChecksumMismatchException>(() => ClipShardReader.OpenAsync(store, key, CancellationToken.None));
        var byEntry = await Assert.ThrowsAsync<ChecksumMismatchException>(() => ClipShardReader.OpenAsync(store, manifest.Shards[0], CancellationToken.None));
        Assert.All(new[] { byKey, byEntry }, e => Assert.Contains(key, e.Message, StringComparison.Ordinal));
        Assert.Equal(manifest.Shards[0].Sha256, byKey.ExpectedSha256);
        await Assert.ThrowsAsync<CorpusIncompleteException>(() => ClipShardReader.OpenAsync(store, "corpora/v10/train/shard-00009.arrow", CancellationToken.None));
    }

    [Fact]
    public async Task A_writer_disposed_before_completion_leaves_no_shard_and_no_manifest()
    {
        var store = ObjectStores.Folder(TestPaths.NewTemporaryFolder());
        var metadata = SyntheticClips.Metadata(version: "v9");
        var writer = new CorpusWriter(store, metadata, new CorpusWriterOptions(1 << 20, 4096));
        await using (writer)
        {
            foreach (var clip in SyntheticClips.Make(40, metadata))
            {
                await writer.AddAsync(clip, CancellationToken.None);
            }
        }

        var keys = new List<string>();
        await foreach (var info in store.ListAsync("corpora/", CancellationToken.None))
        {
            keys.Add(info.Key);
        }

        Assert.Empty(keys);
    }

    [Fact]
    public async Task A_clip_with_the_wrong_number_of_pose_values_is_refused()
    {
        var store = ObjectStores.Folder(TestPaths.NewTemporaryFolder());
        var metadata = SyntheticClips.Metadata(windowLength: 4);
        var clip = SyntheticClips.Make(1, metadata)[0] with { Pose3d = new float[10] };
        var writer = new CorpusWriter(store, metadata, new CorpusWriterOptions(1 << 20, 1));
        await using (writer)
        {
            await Assert.ThrowsAsync<ArgumentException>(async () => await writer.AddAsync(clip, CancellationToken.None));
        }
    }

    private static async Task<byte[]> ReadAllBytesAsync(IObjectStore store, string key)
    {
        await using var stream = await store.GetAsync(key, CancellationToken.None);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    /// <summary>Records the order in which objects are completely stored.</summary>
    private sealed class RecordingStore(IObjectStore inner) : IObjectStore
    {
        private readonly List<string> puts = [];

        public IReadOnlyList<string> Puts
        {
            get
            {
                lock (puts)
                {
                    return puts.ToList();
                }
            }
        }

        public string Location => inner.Location;

        public async Task PutAsync(string key, Stream content, CancellationToken cancellationToken)
        {
            await inner.PutAsync(key, content, cancellationToken);
            lock (puts)
            {
                puts.Add(key);
            }
        }

        public Task<Stream> GetAsync(string key, CancellationToken cancellationToken) => inner.GetAsync(key, cancellationToken);

        public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) => inner.ExistsAsync(key, cancellationToken);

        public IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);

        public Task DeleteAsync(string key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);
    }
}
