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

    /// <inheritdoc/>
    public byte[] ReadAll(string path) => FormatFiles.ReadAll(path);

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
