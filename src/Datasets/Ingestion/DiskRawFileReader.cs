using PoseCluster.Datasets.Formats;

namespace PoseCluster.Datasets.Ingestion;

/// <summary>Reads raw files from the local file system (the default <see cref="IRawFileReader"/>).</summary>
public sealed class DiskRawFileReader : IRawFileReader
{
    /// <summary>The one instance (it has no state).</summary>
    public static DiskRawFileReader Instance { get; } = new();

    /// <inheritdoc/>
    public (long Bytes, long ModifiedTicks) Stat(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists ? (info.Length, info.LastWriteTimeUtc.Ticks) : throw new FileNotFoundException("no such file", path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new DatasetFormatException(path, null, $"cannot inspect: {e.Message}", e);
        }
    }

    /// <summary>Large files are read in chunks of this size.</summary>
    private const int ChunkBytes = 8 << 20;

    /// <inheritdoc/>
    public byte[] ReadAll(string path) => FormatFiles.ReadAll(path);

    /// <inheritdoc/>
    /// <remarks>
    /// A large file is read chunk by chunk while another thread hashes the chunks already read, so reading
    /// and hashing a 220 MB file take about as long as the slower of the two instead of their sum.
    /// </remarks>
    public (byte[] Bytes, string Sha256) ReadAndHash(string path)
    {
        using var stream = FormatFiles.OpenRead(path);
        var length = stream.Length;
        if (length < 2 * ChunkBytes)
        {
            stream.Dispose();
            var small = FormatFiles.ReadAll(path);
            return (small, ContentHashes.Sha256(small));
        }

        if (length > Array.MaxLength)
        {
            throw new DatasetFormatException(path, null, $"the file is {length} bytes, more than one array can hold");
        }

        var bytes = GC.AllocateUninitializedArray<byte>((int)length);
        var chunks = (int)((length + ChunkBytes - 1) / ChunkBytes);
        using var ready = new SemaphoreSlim(0, chunks);
        using var cancel = new CancellationTokenSource();
        var hashing = Task.Factory.StartNew(() =>
        {
            using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
            for (var chunk = 0; chunk < chunks; chunk++)
            {
                ready.Wait(cancel.Token);
                var offset = (long)chunk * ChunkBytes;
                hash.AppendData(bytes.AsSpan((int)offset, (int)Math.Min(ChunkBytes, length - offset)));
            }

            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }, cancel.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            for (var chunk = 0; chunk < chunks; chunk++)
            {
                var offset = (long)chunk * ChunkBytes;
                ReadExactly(stream, bytes.AsSpan((int)offset, (int)Math.Min(ChunkBytes, length - offset)), offset, path);
                ready.Release();
            }
        }
        catch (IOException e)
        {
            cancel.Cancel();
            throw new DatasetFormatException(path, null, $"cannot read: {e.Message}", e);
        }
        catch (DatasetFormatException)
        {
            cancel.Cancel();
            throw;
        }
        finally
        {
            try
            {
                hashing.Wait(CancellationToken.None);
            }
            catch (AggregateException e) when (e.InnerException is OperationCanceledException)
            {
                // The read failed; its error is the one to report.
            }
        }

        return (bytes, hashing.Result);
    }

    /// <inheritdoc/>
    public byte[] ReadHeaders(string path, int head, int tail)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(head);
        ArgumentOutOfRangeException.ThrowIfNegative(tail);
        using var stream = FormatFiles.OpenRead(path);
        var length = stream.Length;
        var headBytes = (int)Math.Min(head, length);
        var tailBytes = (int)Math.Min(tail, length - headBytes);
        var bytes = new byte[headBytes + tailBytes];
        try
        {
            ReadExactly(stream, bytes.AsSpan(0, headBytes), 0, path);
            ReadExactly(stream, bytes.AsSpan(headBytes), length - tailBytes, path);
        }
        catch (IOException e)
        {
            throw new DatasetFormatException(path, null, $"cannot read: {e.Message}", e);
        }

        return bytes;
    }

    private static void ReadExactly(FileStream stream, Span<byte> target, long offset, string path)
    {
        while (target.Length > 0)
        {
            var read = RandomAccess.Read(stream.SafeFileHandle, target, offset);
            if (read == 0)
            {
                throw new DatasetFormatException(path, offset, "the file became shorter while it was read");
            }

            target = target[read..];
            offset += read;
        }
    }
}
