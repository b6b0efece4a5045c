using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace PoseCluster.Datasets.Pipeline;

/// <summary>
/// The binary block of one sequence in a unit's stage-1 data object, little-endian:
/// a 16-byte header (<c>PCS1</c>, format version u16, flags u16 — bit 0: 2D keypoints — frames i32,
/// 0 i32), the positions (frames x 51 float32), the validity (one byte 0/1 per frame, zero-padded to a
/// multiple of 4), the 2D keypoints when flagged (frames x 34 float32), and an 8-byte trailer holding the
/// CRC-32 of everything before it (4 bytes). A reader checks the header against the index, the length against
/// the frame count and the checksum before using any value, so it allocates only what the index allows.
/// </summary>
public static class Stage1Blocks
{
    private const uint Magic = 0x31534350; // "PCS1"
    private const int HeaderBytes = 16;
    private const int TrailerBytes = 4;
    private const ushort Has2dFlag = 1;

    /// <summary>The length of a block of <paramref name="frames"/> frames.</summary>
    public static long Length(int frames, bool has2d)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frames);
        return HeaderBytes + ((long)frames * PoseSequence.FloatsPerFrame * 4) + Pad4(frames) + (has2d ? (long)frames * 34 * 4 : 0) + TrailerBytes;
    }

    /// <summary>The checksum (lower-case hex CRC-32, vectorized) of the block of <paramref name="payload"/>, computed over its parts without building the block.</summary>
    public static string Checksum(Stage1Payload payload)
    {
        Check(payload);
        var hash = new Crc32();
        Span<byte> header = stackalloc byte[HeaderBytes];
        Header(payload, header);
        hash.Append(header);
        hash.Append(MemoryMarshal.AsBytes(payload.Positions.AsSpan()));
        hash.Append(MemoryMarshal.AsBytes(payload.Valid.AsSpan()));
        Span<byte> zeros = stackalloc byte[3];
        zeros.Clear();
        hash.Append(zeros[..(Pad4(payload.FrameCount) - payload.FrameCount)]);
        if (payload.Keypoints2D is { } keypoints)
        {
            hash.Append(MemoryMarshal.AsBytes(keypoints.AsSpan()));
        }

        return Hex(hash.GetCurrentHashAsUInt32());
    }

    /// <summary>The block of one sequence as one array, and its checksum (lower-case hex).</summary>
    public static (byte[] Block, string Checksum) Encode(Stage1Payload payload)
    {
        Check(payload);
        var block = GC.AllocateUninitializedArray<byte>(checked((int)Length(payload.FrameCount, payload.Keypoints2D is not null)));
        var checksum = Checksum(payload);
        var written = CopyBlock(payload, checksum, 0, block);
        return written == block.Length ? (block, checksum) : throw new InvalidOperationException("block length mismatch");
    }

    /// <summary>
    /// Copies the bytes of the block of <paramref name="payload"/> from <paramref name="offset"/> into
    /// <paramref name="destination"/> (as many as fit); returns how many. <paramref name="checksum"/> is
    /// the payload's <see cref="Checksum"/>. The block is never built whole: a unit's data object streams
    /// straight from the sequences' arrays to the store.
    /// </summary>
    public static int CopyBlock(Stage1Payload payload, string checksum, long offset, Span<byte> destination)
    {
        Check(payload);
        ArgumentNullException.ThrowIfNull(checksum);
        var frames = payload.FrameCount;
        Span<byte> header = stackalloc byte[HeaderBytes];
        Header(payload, header);
        Span<byte> padding = stackalloc byte[3];
        padding.Clear();
        Span<byte> trailer = stackalloc byte[TrailerBytes];
        var copied = 0;
        var at = 0L;
        bool Part(ReadOnlySpan<byte> part, Span<byte> destination)
        {
            var end = at + part.Length;
            if (offset < end && copied < destination.Length)
            {
                var from = (int)(Math.Max(offset, at) - at);
                var n = Math.Min(part.Length - from, destination.Length - copied);
                part.Slice(from, n).CopyTo(destination[copied..]);
                copied += n;
                offset += n;
            }

            at = end;
            return copied < destination.Length;
        }

        _ = Part(header, destination)
            && Part(MemoryMarshal.AsBytes(payload.Positions.AsSpan()), destination)
            && Part(MemoryMarshal.AsBytes(payload.Valid.AsSpan()), destination)
            && Part(padding[..(Pad4(frames) - frames)], destination)
            && Part(payload.Keypoints2D is { } k ? MemoryMarshal.AsBytes(k.AsSpan()) : [], destination)
            && Part(TrailerOf(checksum, trailer), destination);
        return copied;
    }

    private static ReadOnlySpan<byte> TrailerOf(string checksum, Span<byte> trailer)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, uint.Parse(checksum, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture));
        return trailer;
    }

    private static void Check(Stage1Payload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("stage-1 blocks are written on little-endian machines only");
        }

        var frames = payload.FrameCount;
        if (payload.Positions.Length != frames * PoseSequence.FloatsPerFrame || (payload.Keypoints2D is { } k && k.Length != frames * 34))
        {
            throw new ArgumentException($"payload arrays do not match {frames} frames", nameof(payload));
        }
    }

    private static void Header(Stage1Payload payload, Span<byte> header)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], Stage1Config.FormatVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], payload.Keypoints2D is not null ? Has2dFlag : (ushort)0);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], payload.FrameCount);
        BinaryPrimitives.WriteInt32LittleEndian(header[12..], 0);
    }

    /// <summary>
    /// Decodes a block that the index says holds <paramref name="frames"/> frames (with 2D keypoints when
    /// <paramref name="has2d"/>) and checksum <paramref name="checksum"/>.
    /// </summary>
    /// <exception cref="Stage1FormatException">The block is not that block (wrong length, header, or checksum).</exception>
    public static Stage1Payload Decode(ReadOnlySpan<byte> block, int frames, bool has2d, string checksum, string name, long offset)
    {
        var expected = Length(frames, has2d);
        if (block.Length != expected)
        {
            throw new Stage1FormatException(name, offset, $"the block has {block.Length} bytes, its index says {expected}");
        }

        var body = block[..^TrailerBytes];
        var actual = Crc32.HashToUInt32(body);
        if (BinaryPrimitives.ReadUInt32LittleEndian(block[^TrailerBytes..]) != actual || Hex(actual) != checksum)
        {
            throw new Stage1FormatException(name, offset, $"checksum mismatch (index {checksum}, data {Hex(actual)}): the stage-1 data is corrupt");
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(block) != Magic || BinaryPrimitives.ReadUInt16LittleEndian(block[4..]) != Stage1Config.FormatVersion
            || BinaryPrimitives.ReadInt32LittleEndian(block[8..]) != frames
            || (BinaryPrimitives.ReadUInt16LittleEndian(block[6..]) & Has2dFlag) != (has2d ? Has2dFlag : 0))
        {
            throw new Stage1FormatException(name, offset, "the block header does not match its index (magic, version, frames or flags)");
        }

        var at = HeaderBytes;
        var positions = GC.AllocateUninitializedArray<float>(frames * PoseSequence.FloatsPerFrame);
        at += Copy(body.Slice(at, positions.Length * 4), MemoryMarshal.AsBytes(positions.AsSpan()));
        var valid = new bool[frames];
        for (var f = 0; f < frames; f++)
        {
            valid[f] = body[at + f] != 0;
        }

        at += Pad4(frames);
        float[]? keypoints = null;
        if (has2d)
        {
            keypoints = GC.AllocateUninitializedArray<float>(frames * 34);
            Copy(body.Slice(at, keypoints.Length * 4), MemoryMarshal.AsBytes(keypoints.AsSpan()));
        }

        return new Stage1Payload(positions, valid, keypoints);
    }

    private static int Copy(ReadOnlySpan<byte> source, Span<byte> target)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("stage-1 blocks are written on little-endian machines only");
        }

        source.CopyTo(target);
        return source.Length;
    }

    private static int Pad4(int frames) => (frames + 3) & ~3;

    private static string Hex(uint value) => value.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
}
