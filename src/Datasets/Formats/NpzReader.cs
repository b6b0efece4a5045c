using System.IO.Compression;

namespace PoseCluster.Datasets.Formats;

/// <summary>
/// Reads numpy .npz archives: a zip of .npy members, stored or deflated. Members are named without
/// their <c>.npy</c> suffix, in archive order. A member whose declared size exceeds what deflate can
/// produce from its compressed bytes (ratio above 1032:1) is an error before inflating; errors inside
/// a member name it as <c>archive.npz:member.npy</c> with the offset inside that member. Each member's
/// CRC-32 is checked, as numpy's zipfile does.
/// </summary>
public static class NpzReader
{
    /// <summary>Deflate's largest possible expansion: 258 bytes out of 2 bits in, rounded up.</summary>
    internal const long MaxDeflateRatio = 1032;

    /// <summary>Reads every member of the .npz file at <paramref name="path"/>.</summary>
    /// <exception cref="DatasetFormatException">The file is not a readable .npz archive.</exception>
    public static IReadOnlyDictionary<string, NdArray> Read(string path)
    {
        using var stream = FormatFiles.OpenRead(path);
        return Read(stream, path, memberName: null);
    }

    /// <summary>Reads every member of an .npz archive held in memory; <paramref name="name"/> names it in errors.</summary>
    /// <exception cref="DatasetFormatException">The bytes are not a readable .npz archive.</exception>
    public static IReadOnlyDictionary<string, NdArray> Read(ReadOnlyMemory<byte> bytes, string name)
    {
        using var stream = new PositionRecordingStream(bytes);
        return Read(stream, name, memberName: null);
    }

    /// <summary>Reads one member (named without <c>.npy</c>) of the .npz file at <paramref name="path"/>.</summary>
    /// <exception cref="DatasetFormatException">The archive or that member is unreadable, or the member is absent.</exception>
    public static NdArray ReadMember(string path, string member)
    {
        using var stream = FormatFiles.OpenRead(path);
        var members = Read(stream, path, member);
        return members.TryGetValue(member, out var array)
            ? array
            : throw new DatasetFormatException(path, null, $"the archive has no member '{member}' (members: {string.Join(", ", MemberNames(path))})");
    }

    /// <summary>Reads one member (named without <c>.npy</c>) of an .npz archive held in memory; <paramref name="name"/> names it in errors.</summary>
    /// <exception cref="DatasetFormatException">The archive or that member is unreadable, or the member is absent.</exception>
    public static NdArray ReadMember(ReadOnlyMemory<byte> bytes, string name, string member)
    {
        using var stream = new PositionRecordingStream(bytes);
        var members = Read(stream, name, member);
        if (members.TryGetValue(member, out var array))
        {
            return array;
        }

        using var names = FormatFiles.AsStream(bytes);
        throw new DatasetFormatException(name, null, $"the archive has no member '{member}' (members: {string.Join(", ", MemberNames(names, name))})");
    }

    private static IEnumerable<string> MemberNames(string path)
    {
        using var stream = FormatFiles.OpenRead(path);
        return MemberNames(stream, path);
    }

    private static List<string> MemberNames(Stream stream, string name)
    {
        using var zip = Open(stream, name);
        return [.. Entries(zip, name).Select(e => StripSuffix(e.FullName))];
    }

    private static OrderedDictionary<string, NdArray> Read(Stream stream, string name, string? memberName)
    {
        using var zip = Open(stream, name);
        var result = new OrderedDictionary<string, NdArray>(StringComparer.Ordinal);
        foreach (var entry in Entries(zip, name))
        {
            var member = StripSuffix(entry.FullName);
            if (entry.FullName.EndsWith('/') || (memberName is not null && member != memberName))
            {
                continue;
            }

            result[member] = ReadEntry(entry, name, stream.Length, stream as PositionRecordingStream);
        }

        return result;
    }

    /// <summary>The entries; the central directory is parsed on first access, so its errors surface here.</summary>
    private static IReadOnlyList<ZipArchiveEntry> Entries(ZipArchive zip, string name)
    {
        try
        {
            return zip.Entries;
        }
        catch (Exception e) when (IsZipError(e))
        {
            throw new DatasetFormatException(name, null, $"not a readable zip archive (.npz): {e.Message}", e);
        }
    }

    private static ZipArchive Open(Stream stream, string name)
    {
        try
        {
            return new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (Exception e) when (IsZipError(e))
        {
            throw new DatasetFormatException(name, null, $"not a readable zip archive (.npz): {e.Message}", e);
        }
    }

    private static NdArray ReadEntry(ZipArchiveEntry entry, string name, long archiveLength, PositionRecordingStream? memory)
    {
        var memberName = $"{name}:{entry.FullName}";
        var bound = Math.Min(Math.Min(entry.CompressedLength, archiveLength) * MaxDeflateRatio + 1024, Array.MaxLength);
        if (entry.Length > bound)
        {
            throw new DatasetFormatException(memberName, null,
                $"the member claims {entry.Length} bytes from {entry.CompressedLength} compressed bytes, more than deflate can produce");
        }

        try
        {
            if (memory is not null && StoredMember(entry, memory) is { } stored)
            {
                // A stored member of an archive in memory is read in place: no copy of a 220 MB array.
                return NpyReader.Read(stored, memberName);
            }

            using var member = new CrcCheckingStream(entry.Open());
            var array = NpyReader.Read(member, memberName, entry.Length);
            member.Drain();
            return member.Crc == entry.Crc32
                ? array
                : throw new DatasetFormatException(memberName, null, $"CRC-32 mismatch (stored {entry.Crc32:x8}, data {member.Crc:x8}): the member is corrupt");
        }
        catch (Exception e) when (IsZipError(e))
        {
            throw new DatasetFormatException(memberName, null, $"the member cannot be decompressed: {e.Message}", e);
        }
    }

    /// <summary>
    /// The bytes of a stored (not deflated) member inside the archive's memory, found where ZipArchive's
    /// own reader starts reading it, and accepted only when their CRC-32 is the one the archive records;
    /// null otherwise (the member is then read through ZipArchive, which reports what is wrong).
    /// </summary>
    private static ReadOnlyMemory<byte>? StoredMember(ZipArchiveEntry entry, PositionRecordingStream memory)
    {
        if (entry.CompressedLength != entry.Length || entry.Length > int.MaxValue)
        {
            return null;
        }

        using var member = entry.Open();
        memory.StartRecording();
        var first = member.ReadByte();
        var start = memory.FirstReadPosition;
        if (first < 0 || start < 0 || start + entry.Length > memory.Length)
        {
            return null;
        }

        var bytes = memory.Bytes.Slice((int)start, (int)entry.Length);
        if (bytes.Span[0] != first || System.IO.Hashing.Crc32.HashToUInt32(bytes.Span) != entry.Crc32)
        {
            return null;
        }

        return bytes;
    }

    private static bool IsZipError(Exception e) =>
        e is InvalidDataException or IOException or NotSupportedException or ArgumentException or InvalidOperationException;

    private static string StripSuffix(string member) =>
        member.EndsWith(".npy", StringComparison.Ordinal) ? member[..^4] : member;
}
