using System.Buffers;
using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.Win32.SafeHandles;

namespace PoseCluster.Storage.Objects;

/// <summary>
/// An object written into a local file first — for writers that need a seekable stream, such as
/// Apache.Arrow's file writer — and stored under its key on <see cref="CommitAsync"/>. Its SHA-256 is
/// computed on another thread from the bytes as they are written (<see cref="Content"/> hands each
/// write to it, in order), so hashing overlaps writing, nothing is read back, and the commit only
/// hashes the tail. Bytes inside arrays the writer lends (<see cref="Lend"/>) are hashed where they
/// lie; all others are copied for the hashing thread. Disposing the object before the commit stores
/// nothing. Made by <see cref="ObjectStaging.Stage"/>: a folder store keeps the file in its own folder
/// and commits by flushing it to disk and renaming it over the key (the bytes are written once); any
/// other store gets a temporary file that is put, then deleted.
/// </summary>
internal abstract class StagedObject : IAsyncDisposable
{
    private const int CopyChunk = 1 << 18;
    /// <summary>Copies waiting for the hashing thread at most (64 MiB): a writer that outruns the hash waits.</summary>
    private const int CopiesInFlight = 256;
    private readonly FileStream file;
    private readonly WriteStream content;
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly Channel<Piece> pieces = Channel.CreateUnbounded<Piece>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource stop = new();
    private readonly SemaphoreSlim copySlots = new(CopiesInFlight);
    private readonly SafeFileHandle handle;
    private readonly Task<long> hashing;
    private readonly bool writeBehind;
    private byte[][] lent = [];
    private byte[]? copies;
    private int copied;
    private long handedOff;
    private long flushed;

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
        content = new WriteStream(this);
        // A handle of its own for the write-behind hint: taking the write stream's SafeFileHandle would make
        // the stream re-read the OS file offset before each write, which its positional writes never move.
        handle = File.OpenHandle(file.Name, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        hashing = Task.Run(HashAsync);
    }

    public string Key { get; }

    /// <summary>Where to write the object (seekable; written front to back: a write anywhere else is refused).</summary>
    public Stream Content => content;

    /// <summary>
    /// Until the next <see cref="WrittenAsync"/>, bytes written from inside <paramref name="arrays"/> are
    /// hashed where they lie instead of being copied: the caller leaves the arrays unchanged until the
    /// task that <see cref="WrittenAsync"/> returns has completed.
    /// </summary>
    public void Lend(params byte[][] arrays) => lent = arrays;

    /// <summary>
    /// Hands what was written so far to the OS and to the hashing thread; the task completes once the
    /// lent arrays are no longer needed (hashed, or the object abandoned).
    /// </summary>
    public Task WrittenAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        file.Flush();
        var end = file.Position;
        if (writeBehind)
        {
            WriteBehind.Start(handle, flushed, end - flushed);
        }

        flushed = end;
        HandOffCopies();
        lent = [];
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Enqueue(new Piece(null, 0, 0, Copy: false, released));
        return released.Task;
    }

    /// <summary>Finishes the hash, stores what was written under <see cref="Key"/>; returns what a reader must find there.</summary>
    public async Task<StoredObject> CommitAsync(CancellationToken cancellationToken)
    {
        await WrittenAsync(cancellationToken).ConfigureAwait(false);
        pieces.Writer.TryComplete();
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
        pieces.Writer.TryComplete();
        try
        {
            await hashing.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped because the object is abandoned.
        }

        // Whatever the hashing thread did not reach: release the lent arrays, return the copies.
        while (pieces.Reader.TryRead(out var piece))
        {
            Finish(piece);
        }

        if (copies is { } pending)
        {
            Finish(new Piece(pending, 0, 0, Copy: true, null));
            copies = null;
        }

        await file.DisposeAsync().ConfigureAwait(false);
        handle.Dispose();
        hash.Dispose();
        stop.Dispose();
        copySlots.Dispose();
        Discard();
    }

    /// <summary>Moves or copies the finished file, positioned at its start, into the store.</summary>
    protected abstract Task StoreAsync(FileStream written, CancellationToken cancellationToken);

    /// <summary>Removes whatever of the file is left after <see cref="DisposeAsync"/>.</summary>
    protected virtual void Discard()
    {
    }

    /// <summary>Writes <paramref name="bytes"/> at the end of the file and queues them for hashing.</summary>
    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (file.Position != handedOff + copied)
        {
            throw new InvalidOperationException($"staged object '{Key}' is written front to back; a write at {file.Position} after {handedOff + copied} bytes is not");
        }

        file.Write(bytes);
        foreach (var array in lent)
        {
            // The offset of the written bytes inside the array, when they lie in it.
            if (((ReadOnlySpan<byte>)array).Overlaps(bytes, out var offset) && offset >= 0 && offset + bytes.Length <= array.Length)
            {
                HandOffCopies();
                Enqueue(new Piece(array, offset, bytes.Length, Copy: false, null));
                handedOff += bytes.Length;
                return;
            }
        }

        while (!bytes.IsEmpty)
        {
            if (copies is null)
            {
                copySlots.Wait(stop.Token);
                copies = ArrayPool<byte>.Shared.Rent(CopyChunk);
            }

            var take = Math.Min(bytes.Length, copies.Length - copied);
            bytes[..take].CopyTo(copies.AsSpan(copied));
            copied += take;
            bytes = bytes[take..];
            if (copied == copies.Length)
            {
                HandOffCopies();
            }
        }
    }

    private void HandOffCopies()
    {
        if (copies is { } chunk && copied > 0)
        {
            Enqueue(new Piece(chunk, 0, copied, Copy: true, null));
            handedOff += copied;
            copies = null;
            copied = 0;
        }
    }

    private void Enqueue(Piece piece)
    {
        if (!pieces.Writer.TryWrite(piece))
        {
            Finish(piece);
            throw new InvalidOperationException($"staged object '{Key}' is committed or abandoned; nothing more can be written to it");
        }
    }

    /// <summary>Returns a copy to the pool, or releases lent arrays, once the hashing thread is done with a piece.</summary>
    private void Finish(Piece piece)
    {
        if (piece.Released is { } released)
        {
            released.TrySetResult();
        }
        else if (piece.Copy && piece.Bytes is { } copy)
        {
            ArrayPool<byte>.Shared.Return(copy);
            copySlots.Release();
        }
    }

    /// <summary>Hashes the pieces in the order they were written; returns the bytes hashed.</summary>
    private async Task<long> HashAsync()
    {
        long hashed = 0;
        try
        {
            while (await pieces.Reader.WaitToReadAsync(stop.Token).ConfigureAwait(false))
            {
                while (pieces.Reader.TryRead(out var piece))
                {
                    try
                    {
                        stop.Token.ThrowIfCancellationRequested();
                        if (piece.Bytes is { } bytes)
                        {
                            hash.AppendData(bytes, piece.Offset, piece.Length);
                            hashed += piece.Length;
                        }
                    }
                    finally
                    {
                        Finish(piece);
                    }
                }
            }

            return hashed;
        }
        finally
        {
            // Stopped or failed: nothing more is taken, and a writer waiting for lent arrays or copy room
            // goes on (to the refusal of its next write, or to the commit that reports the failure).
            pieces.Writer.TryComplete();
            while (pieces.Reader.TryRead(out var piece))
            {
                Finish(piece);
            }
        }
    }

    /// <summary>Bytes to hash (a copy, or a range of a lent array), or a point whose passing releases the lent arrays.</summary>
    private readonly record struct Piece(byte[]? Bytes, int Offset, int Length, bool Copy, TaskCompletionSource? Released);

    /// <summary>The write side of the staged file: every write goes to the file and to the hash, front to back.</summary>
    private sealed class WriteStream(StagedObject owner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => true;

        public override bool CanWrite => true;

        public override long Length => owner.file.Length;

        public override long Position
        {
            get => owner.file.Position;
            set => Seek(value, SeekOrigin.Begin);
        }

        public override void Write(ReadOnlySpan<byte> buffer) => owner.Append(buffer);

        public override void Write(byte[] buffer, int offset, int count) => owner.Append(buffer.AsSpan(offset, count));

        public override void WriteByte(byte value) => owner.Append([value]);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        /// <summary>Synchronous: the bytes go into the page cache, and the hash takes them on its own thread.</summary>
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            owner.Append(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void Flush() => owner.file.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken)
        {
            Flush();
            return Task.CompletedTask;
        }

        /// <summary>Only to where the stream already is: the hash follows the writes front to back.</summary>
        public override long Seek(long offset, SeekOrigin origin)
        {
            var target = origin switch
            {
                SeekOrigin.Begin => offset,
                SeekOrigin.Current => owner.file.Position + offset,
                _ => owner.file.Length + offset,
            };
            if (target != owner.file.Position)
            {
                throw new NotSupportedException($"staged object '{owner.Key}' is written front to back; it cannot seek to {target} from {owner.file.Position}");
            }

            return target;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
