namespace PoseCluster.Storage.Pipeline;

/// <summary>A read-only stream over byte arrays back to back, so a unit's blocks go to the store without being copied into one buffer.</summary>
internal sealed class BlockStream(IReadOnlyList<byte[]> blocks) : Stream
{
    private int _block;
    private int _offset;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => blocks.Sum(b => (long)b.Length);

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var total = 0;
        while (buffer.Length > 0 && _block < blocks.Count)
        {
            var source = blocks[_block].AsSpan(_offset);
            var n = Math.Min(source.Length, buffer.Length);
            source[..n].CopyTo(buffer);
            buffer = buffer[n..];
            total += n;
            _offset += n;
            if (_offset == blocks[_block].Length)
            {
                (_block, _offset) = (_block + 1, 0);
            }
        }

        return total;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
