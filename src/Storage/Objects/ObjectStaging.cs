namespace PoseCluster.Storage.Objects;

/// <summary>Makes the <see cref="StagedObject"/> that suits a store.</summary>
internal static class ObjectStaging
{
    /// <summary>A staged object for <paramref name="key"/> of <paramref name="store"/>.</summary>
    public static StagedObject Stage(IObjectStore store, string key)
    {
        ArgumentNullException.ThrowIfNull(store);
        ObjectKeys.Validate(key);
        return store is FolderObjectStore folder ? folder.Stage(key) : new SpooledObject(store, key);
    }

    /// <summary>A temporary file (deleted when closed) put into the store on commit.</summary>
    private sealed class SpooledObject(IObjectStore store, string key) : StagedObject(key, TemporaryFiles.Create("staged"), writeBehind: false)
    {
        protected override Task StoreAsync(FileStream written, CancellationToken cancellationToken) => store.PutAsync(Key, written, cancellationToken);
    }
}
