using System.Buffers;
using System.Security.Cryptography;

namespace PoseCluster.Storage.Objects;

/// <summary>
/// Checksummed objects (ARCHITECTURE §5): the SHA-256 is computed while an object is written, the
/// writer records it (corpus manifest, registry), and every read checks the bytes against the record
/// before handing any of them out. Shards (<see cref="Shards.ClipShardReader"/>) and checkpoints are
/// read this way; a mismatch is a <see cref="ChecksumMismatchException"/> naming the key.
/// </summary>
/// <example>
/// <code>
/// var stored = await VerifiedObjects.PutAsync(store, "experiments/e1/checkpoints/step-00001000.ckpt", file, ct);
/// registry.RecordCheckpoint(stored.Key, stored.Sha256, stored.Bytes);
/// await using var checkpoint = await VerifiedObjects.OpenAsync(store, stored.Key, stored.Sha256, ct);
/// </code>
/// </example>
public static class VerifiedObjects
{
    /// <summary>Bytes hashed per read: large enough that a read costs little next to hashing it, small enough to stay in cache.</summary>
    private const int HashChunk = 1 << 18;

    /// <summary>Stores <paramref name="content"/> under <paramref name="key"/>, hashing it on the way; returns what to record.</summary>
    public static async Task<StoredObject> PutAsync(IObjectStore store, string key, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(content);
        using var hashing = new HashingReadStream(content);
        await store.PutAsync(key, hashing, cancellationToken).ConfigureAwait(false);
        return new StoredObject(key, hashing.HashHex(), hashing.BytesRead);
    }

    /// <summary>
    /// Opens object <paramref name="key"/> once its bytes are known to hash to <paramref name="sha256"/>
    /// (and, when given, to be <paramref name="bytes"/> long): a seekable stream at its start, or a
    /// <see cref="ChecksumMismatchException"/>. A download that cannot seek is kept in a temporary file.
    /// </summary>
    public static async Task<Stream> OpenAsync(IObjectStore store, string key, string sha256, CancellationToken cancellationToken, long? bytes = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(sha256);
        var stream = await store.GetAsync(key, cancellationToken).ConfigureAwait(false);
        try
        {
            if (!stream.CanSeek)
            {
                stream = await TemporaryFiles.SpoolAsync(stream, "verify", cancellationToken).ConfigureAwait(false);
            }

            var start = stream.Position;
            var (actual, length) = await HashAsync(stream, cancellationToken).ConfigureAwait(false);
            if (!string.Equals(actual, sha256, StringComparison.OrdinalIgnoreCase) || (bytes is { } expected && expected != length))
            {
                throw new ChecksumMismatchException(store.Location, key, sha256.ToLowerInvariant(), actual, length);
            }

            stream.Position = start;
            return stream;
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>SHA-256 (lower-case hex) and length of what is left in <paramref name="stream"/>.</summary>
    public static async Task<(string Sha256, long Bytes)> HashAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(HashChunk);
        try
        {
            long length = 0;
            int read;
            // A local file (a folder store's object, a download or staged file) is read synchronously:
            // from the page cache there is nothing to wait for, and each async read would be a thread-pool hop.
            var local = stream is FileStream;
            while ((read = local ? stream.Read(buffer, 0, HashChunk) : await stream.ReadAsync(buffer.AsMemory(0, HashChunk), cancellationToken).ConfigureAwait(false)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                hash.AppendData(buffer, 0, read);
                length += read;
            }

            return (Convert.ToHexStringLower(hash.GetHashAndReset()), length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
