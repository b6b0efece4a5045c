namespace PoseCluster.Storage.Tests;

/// <summary>A stream that cannot seek and hands out at most 100,000 bytes a read, like a network download.</summary>
internal sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
{
    public override bool CanSeek => false;

    public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, 100_000)]);

    public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 100_000));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        base.ReadAsync(buffer[..Math.Min(buffer.Length, 100_000)], cancellationToken);
}
