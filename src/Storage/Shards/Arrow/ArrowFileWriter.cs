using System.Buffers.Binary;
using PoseCluster.Storage.Shards.FlatBuffers;

namespace PoseCluster.Storage.Shards.Arrow;

/// <summary>
/// Writes the Arrow IPC file format to a forward-only stream: magic, schema message, record batch
/// messages (each 8-byte aligned, body buffers padded to 8), end-of-stream marker, footer, footer
/// length, magic. Counts its own position, so the stream need not be seekable.
/// </summary>
internal sealed class ArrowFileWriter(Stream output, ArrowSchema schema)
{
    private static readonly byte[] Padding = new byte[ArrowFormat.Alignment];
    private readonly List<(long Offset, int MetadataLength, long BodyLength)> blocks = [];
    private bool started;

    /// <summary>Bytes written so far.</summary>
    public long Position { get; private set; }

    /// <summary>Bytes the footer and trailer will add when the file is finished with the batches written so far.</summary>
    public long FinishLength => 8 + FlatBufferWriter.Serialize(ArrowFormat.Footer(schema, blocks)).Length + 4 + 6 + (2 * ArrowFormat.BlockSize);

    public async ValueTask StartAsync(CancellationToken cancellationToken)
    {
        if (started)
        {
            return;
        }

        started = true;
        await WriteAsync("ARROW1\0\0"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        var message = FlatBufferWriter.Serialize(ArrowFormat.Message(ArrowFormat.HeaderSchema, ArrowFormat.SchemaTable(schema), 0));
        await WriteMessageAsync(message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lays out a record batch; its <see cref="PreparedBatch.Length"/> is exact, so callers can size shards before writing.</summary>
    public static PreparedBatch Prepare(int length, IReadOnlyList<ArrowArray> columns)
    {
        var nodes = new List<(long, long)>();
        var buffers = new List<(long, long)>();
        var bodyBuffers = new List<ArrowBuffer>();
        long body = 0;
        foreach (var column in columns)
        {
            Flatten(column);
        }

        var metadata = FlatBufferWriter.Serialize(ArrowFormat.Message(
            ArrowFormat.HeaderRecordBatch, ArrowFormat.RecordBatchTable(length, nodes, buffers), body));
        return new PreparedBatch(metadata, bodyBuffers, body);

        void Flatten(ArrowArray array)
        {
            nodes.Add((array.Length, array.NullCount));
            foreach (var buffer in array.Buffers)
            {
                buffers.Add((body, buffer.Length));
                bodyBuffers.Add(buffer);
                body += ArrowFormat.Pad(buffer.Length);
            }

            if (array.Child is not null)
            {
                Flatten(array.Child);
            }
        }
    }

    public async ValueTask WriteBatchAsync(PreparedBatch batch, CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        var offset = Position;
        var metadataLength = await WriteMessageAsync(batch.Metadata, cancellationToken).ConfigureAwait(false);
        foreach (var buffer in batch.Buffers)
        {
            await buffer.WriteToAsync(output, cancellationToken).ConfigureAwait(false);
            Position += buffer.Length;
            await PadAsync(buffer.Length, cancellationToken).ConfigureAwait(false);
        }

        blocks.Add((offset, metadataLength, batch.BodyLength));
    }

    public async ValueTask FinishAsync(CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        var trailer = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, ArrowFormat.Continuation);
        await WriteAsync(trailer, cancellationToken).ConfigureAwait(false);

        var footer = FlatBufferWriter.Serialize(ArrowFormat.Footer(schema, blocks));
        await WriteAsync(footer, cancellationToken).ConfigureAwait(false);
        var end = new byte[4 + 6];
        BinaryPrimitives.WriteInt32LittleEndian(end, footer.Length);
        ArrowFormat.Magic.CopyTo(end.AsSpan(4));
        await WriteAsync(end, cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Continuation marker, padded metadata length, metadata; returns the block's metadata length.</summary>
    private async ValueTask<int> WriteMessageAsync(byte[] flatbuffer, CancellationToken cancellationToken)
    {
        var padded = (int)ArrowFormat.Pad(8 + flatbuffer.Length) - 8;
        var prefix = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(prefix, ArrowFormat.Continuation);
        BinaryPrimitives.WriteInt32LittleEndian(prefix.AsSpan(4), padded);
        await WriteAsync(prefix, cancellationToken).ConfigureAwait(false);
        await WriteAsync(flatbuffer, cancellationToken).ConfigureAwait(false);
        await PadAsync(flatbuffer.Length, cancellationToken).ConfigureAwait(false);
        return 8 + padded;
    }

    private async ValueTask PadAsync(long written, CancellationToken cancellationToken)
    {
        var padding = (int)(ArrowFormat.Pad(written) - written);
        if (padding > 0)
        {
            await WriteAsync(Padding.AsMemory(0, padding), cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await output.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        Position += bytes.Length;
    }
}

/// <summary>A record batch laid out and ready to write: metadata flatbuffer, body buffers, padded body length.</summary>
internal sealed record PreparedBatch(byte[] Metadata, IReadOnlyList<ArrowBuffer> Buffers, long BodyLength)
{
    /// <summary>Bytes the batch adds to the file: prefix, padded metadata and body.</summary>
    public long Length => ArrowFormat.Pad(8 + Metadata.Length) + BodyLength;
}
