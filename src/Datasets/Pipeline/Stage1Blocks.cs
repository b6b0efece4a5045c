using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace PoseCluster.Datasets.Pipeline;

/// <summary>
/// The binary block of one sequence in a unit's stage-1 data object, little-endian:
/// a 16-byte header (<c>PCS1</c>, format version u16, flags u16 — bit 0: 2D keypoints — frames i32,
/// 0 i32), the positions (frames x 51 float32), the validity (one byte 0/1 per frame, zero-padded to a
/// multiple of 4), the 2D keypoints when flagged (frames x 34 float32), and an 8-byte trailer holding the
/// XXH3-64 of everything before it. A reader checks the header against the index, the length against
/// the frame count and the checksum before using any value, so it allocates only what the index allows.
/// </summary>
public static class Stage1Blocks
{
    private const uint Magic = 0x31534350; // "PCS1"
    private const int HeaderBytes = 16;
    private const int TrailerBytes = 8;
    private const ushort Has2dFlag = 1;

    /// <summary>The length of a block of <paramref name="frames"/> frames.</summary>
    public static long Length(int frames, bool has2d)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frames);
        return HeaderBytes + ((long)frames * PoseSequence.FloatsPerFrame * 4) + Pad4(frames) + (has2d ? (long)frames * 34 * 4 : 0) + TrailerBytes;
    }

    /// <summary>The block of one sequence, and its checksum (lower-case hex).</summary>
    public static (byte[] Block, string Checksum) Encode(Stage1Payload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var frames = payload.FrameCount;
        var has2d = payload.Keypoints2D is not null;
        if (payload.Positions.Length != frames * PoseSequence.FloatsPerFrame || (has2d && payload.Keypoints2D!.Length != frames * 34))
        {
            throw new ArgumentException($"payload arrays do not match {frames} frames", nameof(payload));
        }

        var length = Length(frames, has2d);
        var block = GC.AllocateUninitializedArray<byte>(checked((int)length));
        var span = block.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], Stage1Config.FormatVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(span[6..], has2d ? Has2dFlag : (ushort)0);
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], frames);
        BinaryPrimitives.WriteInt32LittleEndian(span[12..], 0);
        var at = HeaderBytes;
        at += Copy(MemoryMarshal.AsBytes(payload.Positions.AsSpan()), span[at..]);
        var valid = MemoryMarshal.AsBytes(payload.Valid.AsSpan());
        valid.CopyTo(span[at..]);
        span.Slice(at + frames, Pad4(frames) - frames).Clear();
        at += Pad4(frames);
        if (has2d)
        {
            at += Copy(MemoryMarshal.AsBytes(payload.Keypoints2D.AsSpan()), span[at..]);
        }

        var checksum = XxHash3.HashToUInt64(span[..at]);
        BinaryPrimitives.WriteUInt64LittleEndian(span[at..], checksum);
        return (block, Hex(checksum));
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
        var actual = XxHash3.HashToUInt64(body);
        if (BinaryPrimitives.ReadUInt64LittleEndian(block[^TrailerBytes..]) != actual || Hex(actual) != checksum)
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

    private static string Hex(ulong value) => value.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
}
