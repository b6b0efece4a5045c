using PoseCluster.Storage.Shards;

namespace PoseCluster.Storage.Tests.Shards;

public sealed class ShardCorruptionTests
{
    private static async Task<byte[]> ShardBytesAsync()
    {
        var metadata = SyntheticClips.Metadata(windowLength: 2);
        using var file = new MemoryStream();
        await ClipShardFile.WriteAsync(file, metadata, SyntheticClips.Make(7, metadata), 3, CancellationToken.None);
        return file.ToArray();
    }

    private static async Task<int> ReadAllAsync(byte[] bytes, bool seekable)
    {
        Stream input = seekable ? new MemoryStream(bytes) : new ForwardOnlyStream(bytes);
        await using var reader = await ClipShardReader.OpenAsync(input, "shard.arrow", CancellationToken.None);
        var count = 0;
        await foreach (var batch in reader.ReadBatchesAsync(CancellationToken.None))
        {
            for (var row = 0; row < batch.Count; row++)
            {
                // Touch every value, as a trainer would.
                _ = batch.ToClip(row);
                count++;
            }
        }

        return count;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_shard_truncated_anywhere_is_a_shard_format_error(bool seekable)
    {
        var bytes = await ShardBytesAsync();
        Assert.Equal(7, await ReadAllAsync(bytes, seekable));
        for (var length = 0; length < bytes.Length; length += 37)
        {
            var error = await Assert.ThrowsAsync<ShardFormatException>(() => ReadAllAsync(bytes[..length], seekable));
            Assert.Equal("shard.arrow", error.SourceName);
        }
    }

    [Fact]
    public async Task Flipped_bytes_give_a_shard_format_error_or_a_readable_file_but_never_another_exception()
    {
        var bytes = await ShardBytesAsync();
        var random = new Random(5);
        var formatErrors = 0;
        for (var trial = 0; trial < 400; trial++)
        {
            var corrupted = (byte[])bytes.Clone();
            var at = random.Next(corrupted.Length);
            corrupted[at] ^= (byte)(1 << random.Next(8));
            try
            {
                await ReadAllAsync(corrupted, seekable: trial % 2 == 0);
            }
            catch (ShardFormatException)
            {
                formatErrors++;
            }
        }

        Assert.True(formatErrors > 0);
    }

    [Fact]
    public async Task A_file_that_is_not_arrow_names_the_missing_magic()
    {
        var error = await Assert.ThrowsAsync<ShardFormatException>(() => ReadAllAsync("PAR1 this is not arrow at all"u8.ToArray(), true));
        Assert.Contains("ARROW1", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, error.Offset);
    }
}
