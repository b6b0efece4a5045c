using System.Security.Cryptography;
using PoseCluster.Storage.Objects;

namespace PoseCluster.Storage.Tests.Objects;

public sealed class StagedObjectTests
{
    private readonly string root = TestPaths.NewTemporaryFolder();

    [Fact]
    public async Task The_recorded_sha256_is_that_of_the_stored_bytes_whether_written_from_lent_arrays_or_copied()
    {
        var store = ObjectStores.Folder(root);
        var lent = RandomBytes(3 << 20, 1);
        var other = RandomBytes(700_000, 2);
        var staged = ObjectStaging.Stage(store, "a/object");
        StoredObject stored;
        await using (staged)
        {
            staged.Lend(lent);
            staged.Content.Write(other, 0, 5);
            staged.Content.Write(lent, 0, 1 << 20);
            staged.Content.Write(lent.AsSpan(1 << 20, 100));
            staged.Content.Write(other, 5, other.Length - 5);
            var released = staged.WrittenAsync(CancellationToken.None);
            // Not lent any more: written after WrittenAsync, these bytes are copied.
            staged.Content.Write(lent, 2 << 20, 1 << 20);
            await released;
            stored = await staged.CommitAsync(CancellationToken.None);
        }

        var bytes = await File.ReadAllBytesAsync(Path.Combine(root, "a", "object"));
        Assert.Equal(bytes.Length, stored.Bytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), stored.Sha256);
        Assert.Equal([.. other[..5], .. lent[..((1 << 20) + 100)], .. other[5..], .. lent[(2 << 20)..]], bytes);
    }

    [Fact]
    public async Task A_write_anywhere_but_at_the_end_is_refused_and_nothing_is_stored()
    {
        var store = ObjectStores.Folder(root);
        var staged = ObjectStaging.Stage(store, "b/object");
        await using (staged)
        {
            staged.Content.Write(new byte[100]);
            Assert.Throws<NotSupportedException>(() => staged.Content.Position = 10);
            staged.Content.Position = 100;
        }

        Assert.False(await store.ExistsAsync("b/object", CancellationToken.None));
        Assert.Empty(Directory.GetFiles(Path.Combine(root, "b")));
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
