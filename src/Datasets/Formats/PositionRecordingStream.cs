namespace PoseCluster.Datasets.Formats;

/// <summary>
/// A read-only stream over bytes in memory that remembers where the first read after
/// <see cref="StartRecording"/> began: how <see cref="NpzReader"/> learns where ZipArchive finds a
/// stored member's data, so that the member can be used in place.
/// </summary>
internal sealed class PositionRecordingStream(ReadOnlyMemory<byte> bytes) : Stream
{
    private long _position;

    /// <summary>The bytes.</summary>
    public ReadOnlyMemory<byte> Bytes { get; } = bytes;

    /// <summary>The position of the first read since <see cref="StartRecording"/>, or −1.</summary>
    public long FirstReadPosition { get; private set; } = -1;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => Bytes.Length;

    public override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    /// <summary>Forgets the last recorded position; the next read records its own.</summary>
    public void StartRecording() => FirstReadPosition = -1;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (FirstReadPosition < 0)
        {
            FirstReadPosition = _position;
        }

        if (_position >= Bytes.Length)
        {
            return 0;
        }

        var n = (int)Math.Min(buffer.Length, Bytes.Length - _position);
        Bytes.Span.Slice((int)_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => Bytes.Length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
