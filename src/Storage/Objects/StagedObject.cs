using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace PoseCluster.Storage.Objects;

/// <summary>
/// An object written into a local file first — for writers that need a seekable stream, such as
/// Apache.Arrow's file writer — and stored under its key on <see cref="CommitAsync"/>. Its SHA-256 is
/// computed on another thread that follows the writer: after each <see cref="WrittenAsync"/> it hashes
/// what has reached the file (from the page cache), so hashing overlaps writing and the commit only
/// hashes the tail. Disposing the object before the commit stores nothing. Made by
/// <see cref="ObjectStaging.Stage"/>: a folder store keeps the file in its own folder and commits by
/// flushing it to disk and renaming it over the key (the bytes are written once); any other store gets
/// a temporary file that is put, then deleted.
/// </summary>
internal abstract class StagedObject : IAsyncDisposable
{
    private const int HashChunk = 1 << 18;
    private readonly FileStream file;
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly SemaphoreSlim more = new(0);
    private readonly CancellationTokenSource stop = new();
    private readonly SafeFileHandle reader;
    private readonly Task<long> hashing;
    private readonly bool writeBehind;
    private long available;
    private bool finished;

    /// <param name="key">Where the object goes.</param>
    /// <param name="file">The file it is written into (read-write, others may read it).</param>
    /// <param name="writeBehind">
    /// Whether to start the disk write of each written range at once (<see cref="WriteBehind"/>): for a
    /// file that is flushed to disk on commit, so the flush only waits for the tail.
    /// </param>
    protected StagedObject(string key, FileStream file, bool writeBehind)
    {
        Key = key;
        this.file = file;
        this.writeBehind = writeBehind;
        // Opened now, before the file can be renamed away by a commit.
        reader = File.OpenHandle(file.Name, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        hashing = Task.Run(FollowAsync);
    }

    public string Key { get; }

    /// <summary>Where to write the object (seekable; written front to back).</summary>
    public Stream Content => file;

    /// <summary>Tells the hashing thread that what was written so far may be hashed (hands it to the OS first).</summary>
    public async ValueTask WrittenAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        file.Flush();
        var end = file.Position;
        if (writeBehind)
        {
            // Through the read handle: taking the write stream's own handle would break its positional writes (see FollowAsync).
            WriteBehind.Start(reader, available, end - available);
        }

        Volatile.Write(ref available, end);
        more.Release();
        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <summary>Finishes the hash, stores what was written under <see cref="Key"/>; returns what a reader must find there.</summary>
    public async Task<StoredObject> CommitAsync(CancellationToken cancellationToken)
    {
        await WrittenAsync(cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref finished, true);
        more.Release();
        var length = file.Length;
        file.Position = 0;
        // Storing (a flush to disk, an upload) does not wait for the hash: the two overlap, and the
        // object is only reported stored, with its hash, once both are done.
        var storing = StoreAsync(file, cancellationToken);
        var bytes = await hashing.WaitAsync(cancellationToken).ConfigureAwait(false);
        await storing.ConfigureAwait(false);
        if (bytes != length)
        {
            throw new InvalidOperationException($"staged object '{Key}' was hashed over {bytes} bytes but holds {length}: it was not written front to back");
        }

        return new StoredObject(Key, Convert.ToHexStringLower(hash.GetHashAndReset()), bytes);
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        more.Release();
        try
        {
            await hashing.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped because the object is abandoned.
        }

        await file.DisposeAsync().ConfigureAwait(false);
        reader.Dispose();
        hash.Dispose();
        more.Dispose();
        stop.Dispose();
        Discard();
    }

    /// <summary>Moves or copies the finished file, positioned at its start, into the store.</summary>
    protected abstract Task StoreAsync(FileStream written, CancellationToken cancellationToken);

    /// <summary>Removes whatever of the file is left after <see cref="DisposeAsync"/>.</summary>
    protected virtual void Discard()
    {
    }

    /// <summary>
    /// Hashes the file as it grows, through a read handle of its own; returns the bytes hashed. (Not the
    /// writer's handle: once a FileStream's SafeFileHandle is taken, the stream re-reads the OS file
    /// offset before each write, which its positional writes never move, and writes land in the wrong place.)
    /// </summary>
    private async Task<long> FollowAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(HashChunk);
        try
        {
            long hashed = 0;
            while (true)
            {
                await more.WaitAsync(stop.Token).ConfigureAwait(false);
                var last = Volatile.Read(ref finished);
                var end = Volatile.Read(ref available);
                while (hashed < end)
                {
                    stop.Token.ThrowIfCancellationRequested();
                    var read = RandomAccess.Read(reader, buffer.AsSpan(0, (int)Math.Min(HashChunk, end - hashed)), hashed);
                    if (read == 0)
                    {
                        break;
                    }

                    hash.AppendData(buffer, 0, read);
                    hashed += read;
                }

                if (last)
                {
                    return hashed;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
