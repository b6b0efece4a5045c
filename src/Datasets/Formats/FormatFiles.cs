namespace PoseCluster.Datasets.Formats;

/// <summary>Opening and slurping input files with I/O failures reported as <see cref="DatasetFormatException"/>.</summary>
internal static class FormatFiles
{
    public static FileStream OpenRead(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new DatasetFormatException(path, null, $"cannot open: {e.Message}", e);
        }
    }

    /// <summary>The whole file; a file larger than one .NET array is an error.</summary>
    public static byte[] ReadAll(string path)
    {
        using var stream = OpenRead(path);
        if (stream.Length > Array.MaxLength)
        {
            throw new DatasetFormatException(path, null, $"the file is {stream.Length} bytes, more than one array can hold");
        }

        var bytes = GC.AllocateUninitializedArray<byte>((int)stream.Length);
        var read = NpyHeader.ReadUpTo(stream, bytes);
        return read == bytes.Length ? bytes : bytes[..read];
    }

    public static MemoryStream AsStream(ReadOnlyMemory<byte> bytes) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(bytes, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(bytes.ToArray(), writable: false);
}
