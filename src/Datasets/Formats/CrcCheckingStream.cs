using System.IO.Hashing;

namespace PoseCluster.Datasets.Formats;

/// <summary>
/// A read-only pass-through stream that keeps the zip CRC-32 (polynomial 0xEDB88320, System.IO.Hashing's
/// vectorized <see cref="Crc32"/>) of everything read through it: .NET's ZipArchive does not verify it,
/// numpy's zipfile does, and a flipped byte in a stored member must not pass as data.
/// </summary>
internal sealed class CrcCheckingStream(Stream inner) : Stream
{
    private readonly Crc32 _crc = new();

    public uint Crc => _crc.GetCurrentHashAsUInt32();

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        _crc.Append(buffer[..read]);
        return read;
    }

    /// <summary>Reads whatever is left (bounded by the caller's declared length) so the CRC covers the whole member.</summary>
    public void Drain()
    {
        Span<byte> scratch = stackalloc byte[4096];
        while (Read(scratch) > 0)
        {
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
