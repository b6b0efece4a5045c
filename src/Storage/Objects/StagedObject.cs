namespace PoseCluster.Storage.Objects;

/// <summary>
/// An object written into a local file first — for writers that need a seekable stream, such as
/// Apache.Arrow's file writer — and stored under its key on <see cref="CommitAsync"/>; SHA-256 and size
/// are computed while it is written. Disposing it before the commit stores nothing. Made by
/// <see cref="ObjectStaging.Stage"/>: a folder store keeps the file in its own folder and commits by
/// flushing it to disk and renaming it over the key (the bytes are written once); any other store gets
/// a temporary file that is put, then deleted.
/// </summary>
internal abstract class StagedObject : IAsyncDisposable
{
    private readonly FileStream file;
    private readonly HashingWriteStream hashing;

    protected StagedObject(string key, FileStream file)
    {
        Key = key;
        this.file = file;
        hashing = new HashingWriteStream(file);
    }

    public string Key { get; }

    /// <summary>Where to write the object: seekable for its position, written front to back.</summary>
    public Stream Content => hashing;

    /// <summary>Stores what was written under <see cref="Key"/>; returns what a reader must find there.</summary>
    public async Task<StoredObject> CommitAsync(CancellationToken cancellationToken)
    {
        await hashing.FlushAsync(cancellationToken).ConfigureAwait(false);
        var stored = new StoredObject(Key, hashing.HashHex(), hashing.BytesWritten);
        await StoreAsync(file, cancellationToken).ConfigureAwait(false);
        return stored;
    }

    public async ValueTask DisposeAsync()
    {
        await hashing.DisposeAsync().ConfigureAwait(false);
        await file.DisposeAsync().ConfigureAwait(false);
        Discard();
    }

    /// <summary>Moves or copies the finished file into the store.</summary>
    protected abstract Task StoreAsync(FileStream written, CancellationToken cancellationToken);

    /// <summary>Removes whatever of the file is left after <see cref="DisposeAsync"/>.</summary>
    protected virtual void Discard()
    {
    }
}
