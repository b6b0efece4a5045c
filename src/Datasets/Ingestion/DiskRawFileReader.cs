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

    /// <summary>Files at least this large are read in parallel chunks.</summary>
    private const int ChunkBytes = 16 << 20;

    /// <inheritdoc/>
    /// <remarks>A large file is read in 16 MiB chunks on every core (each its own positioned read), so
    /// that reading a 220 MB file is not one core's serial copy while the others wait.</remarks>
    public byte[] ReadAll(string path)
    {
        using var stream = FormatFiles.OpenRead(path);
        var length = stream.Length;
        if (length < 2 * ChunkBytes)
        {
            stream.Dispose();
            return FormatFiles.ReadAll(path);
        }

        if (length > Array.MaxLength)
        {
            throw new DatasetFormatException(path, null, $"the file is {length} bytes, more than one array can hold");
        }

        var bytes = GC.AllocateUninitializedArray<byte>((int)length);
        var chunks = (int)((length + ChunkBytes - 1) / ChunkBytes);
        try
        {
            Parallel.For(0, chunks, chunk =>
            {
                var offset = (long)chunk * ChunkBytes;
                ReadExactly(stream, bytes.AsSpan((int)offset, (int)Math.Min(ChunkBytes, length - offset)), offset, path);
            });
        }
        catch (AggregateException e) when (e.InnerException is IOException or DatasetFormatException)
        {
            throw e.InnerException is DatasetFormatException format ? format : new DatasetFormatException(path, null, $"cannot read: {e.InnerException.Message}", e.InnerException);
        }

        return bytes;
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
