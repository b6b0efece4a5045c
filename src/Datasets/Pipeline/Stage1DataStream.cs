namespace PoseCluster.Datasets.Pipeline;

/// <summary>
/// A unit's stage-1 data object as a read-only stream: the accepted sequences' blocks back to back in
/// index order, copied from the sequences' arrays as the reader asks (never built whole).
/// </summary>
public sealed class Stage1DataStream : Stream
{
    private readonly List<(Stage1Payload Payload, Stage1Block Block)> _blocks;
    private int _block;
    private long _offset;

    /// <summary>The data object of <paramref name="results"/> (laid out by <see cref="Stage1.LayOut"/>).</summary>
    public Stage1DataStream(IReadOnlyList<Stage1Result> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        _blocks = [.. results.Where(r => r.Payload is not null).Select(r => (r.Payload!, r.Sequence.Block!)).OrderBy(b => b.Item2.Offset)];
    }

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        var total = 0;
        while (buffer.Length > 0 && _block < _blocks.Count)
        {
            var (payload, block) = _blocks[_block];
            var n = Stage1Blocks.CopyBlock(payload, block.Checksum, _offset, buffer);
            buffer = buffer[n..];
            total += n;
            _offset += n;
            if (_offset == block.Bytes)
            {
                (_block, _offset) = (_block + 1, 0);
            }
        }

        return total;
    }

    /// <inheritdoc/>
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    /// <inheritdoc/>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
