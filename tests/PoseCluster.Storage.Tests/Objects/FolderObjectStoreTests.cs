using PoseCluster.Storage.Objects;

namespace PoseCluster.Storage.Tests.Objects;

public sealed class FolderObjectStoreTests : ObjectStoreContract
{
    private readonly string root = TestPaths.NewTemporaryFolder();

    protected override IObjectStore CreateStore() => ObjectStores.Folder(Path.Combine(root, Guid.NewGuid().ToString("N")));

    protected override IObjectStore CreateManyKeysStore() => CreateStore();

    [Fact]
    public async Task A_failed_put_leaves_no_temporary_file_behind()
    {
        var folder = Path.Combine(root, "failed");
        var store = ObjectStores.Folder(folder);
        await store.PutAsync("a/b", new MemoryStream([1]), CancellationToken.None);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.PutAsync("a/c", new MemoryStream(new byte[1 << 20]), cancelled.Token));

        Assert.Equal(["b"], Directory.GetFiles(Path.Combine(folder, "a")).Select(Path.GetFileName));
    }

    [Fact]
    public void The_factory_makes_a_folder_store_from_a_path_or_file_uri()
    {
        var defaults = S3ObjectStoreOptions.Default("unused");
        Assert.Equal(Path.GetFullPath(root), ObjectStores.FromUri(root, defaults).Location);
        Assert.Equal(Path.GetFullPath(root), ObjectStores.FromUri("file://" + root, defaults).Location);
        Assert.Throws<ObjectKeyException>(() => ObjectStores.FromUri("ftp://host/x", defaults));
    }
}
