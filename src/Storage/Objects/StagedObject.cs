namespace PoseCluster.Storage.Objects;

/// <summary>
/// An object written into a local file first — for writers that need a seekable stream, such as
/// Apache.Arrow's file writer — and stored under its key on <see cref="CommitAsync"/>, which also
/// computes its SHA-256 (reading the file back from the page cache, so a writer can hand the commit to
/// another thread and go on). Disposing it before the commit stores nothing. Made by
/// <see cref="ObjectStaging.Stage"/>: a folder store keeps the file in its own folder and commits by
/// flushing it to disk and renaming it over the key (the bytes are written once); any other store gets
/// a temporary file that is put, then deleted.
/// </summary>
internal abstract class StagedObject : IAsyncDisposable
{
    private readonly FileStream file;

    protected StagedObject(string key, FileStream file)
    {
        Key = key;
        this.file = file;
    }

    public string Key { get; }

    /// <summary>Where to write the object (seekable).</summary>
    public Stream Content => file;

    /// <summary>Hashes what was written, stores it under <see cref="Key"/>; returns what a reader must find there.</summary>
    public async Task<StoredObject> CommitAsync(CancellationToken cancellationToken)
    {
        await file.FlushAsync(cancellationToken).ConfigureAwait(false);
        file.Position = 0;
        var (sha256, bytes) = await VerifiedObjects.HashAsync(file, cancellationToken).ConfigureAwait(false);
        file.Position = 0;
        await StoreAsync(file, cancellationToken).ConfigureAwait(false);
        return new StoredObject(Key, sha256, bytes);
    }

    public async ValueTask DisposeAsync()
    {
        await file.DisposeAsync().ConfigureAwait(false);
        Discard();
    }

    /// <summary>Moves or copies the finished file, positioned at its start, into the store.</summary>
    protected abstract Task StoreAsync(FileStream written, CancellationToken cancellationToken);

    /// <summary>Removes whatever of the file is left after <see cref="DisposeAsync"/>.</summary>
    protected virtual void Discard()
    {
    }
}
