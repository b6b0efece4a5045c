using System.Buffers.Binary;
using PoseCluster.Storage.Shards.FlatBuffers;

namespace PoseCluster.Storage.Shards.Arrow;

/// <summary>
/// Reads the Arrow IPC file format front to back, so it works on forward-only streams (an S3
/// download) as well as files: magic, schema message, record batches, then the footer, whose
/// batch count and trailing magic are checked. Every size read from the file is checked against
/// what is left of it before anything is allocated; problems are <see cref="ShardFormatException"/>.
/// </summary>
internal sealed class ArrowFileReader
{
    private const int MaxMetadataBytes = 64 << 20;
    private const int MaxTrailerBytes = 64 << 20;
    private readonly Stream input;
    private readonly string source;
    private readonly long? length;
    private int batchesRead;
    private bool finished;

    private ArrowFileReader(Stream input, string source, long? length, ArrowSchema schema)
    {
        this.input = input;
        this.source = source;
        this.length = length;
        Schema = schema;
    }

    public ArrowSchema Schema { get; private set; }


    /// <summary>Bytes consumed so far.</summary>
    public long Position { get; private set; }

    /// <summary>
    /// Opens a file: checks the magic and reads the schema. <paramref name="length"/> bounds
    /// allocations on forward-only streams. Writers may leave the schema message out of the file
    /// body (apache-arrow's JavaScript writer does) and keep it only in the footer: a seekable
    /// stream then has its footer read first; a forward-only one is buffered in memory.
    /// </summary>
    public static async Task<ArrowFileReader> OpenAsync(Stream input, string source, long? length, CancellationToken cancellationToken)
    {
        var start = input.CanSeek ? input.Position : 0;
        var reader = new ArrowFileReader(input, source, length ?? (input.CanSeek ? input.Length - start : null), new ArrowSchema([], ArrowField.NoMetadata));
        var magic = await reader.ReadExactlyAsync(8, "the file magic", cancellationToken).ConfigureAwait(false);
        if (!magic.AsSpan(0, 6).SequenceEqual(ArrowFormat.Magic))
        {
            throw reader.Error(0, "not an Arrow IPC file (the magic ARROW1 is missing)");
        }

        var message = await reader.ReadMessageAsync(cancellationToken).ConfigureAwait(false)
            ?? throw reader.Error(8, "the file has no schema and no record batch");
        if (message.HeaderType == ArrowFormat.HeaderSchema)
        {
            reader.Schema = reader.Decode(message.Offset, () => ArrowFormat.ReadSchema(message.Header));
            await reader.SkipAsync(message.BodyLength, cancellationToken).ConfigureAwait(false);
            return reader;
        }

        if (input.CanSeek)
        {
            reader.Schema = await reader.ReadFooterSchemaAsync(start, cancellationToken).ConfigureAwait(false);
            input.Position = start + message.Offset;
            reader.Position = message.Offset;
            return reader;
        }

        // Forward-only and no schema message: keep what was read, buffer the rest, read it seekably.
        var buffered = new MemoryStream();
        buffered.Write(magic);
        buffered.Write(message.Raw);
        var rest = await reader.ReadToEndAsync(long.MaxValue, cancellationToken).ConfigureAwait(false);
        buffered.Write(rest);
        buffered.Position = 0;
        return await OpenAsync(buffered, source, buffered.Length, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ArrowSchema> ReadFooterSchemaAsync(long start, CancellationToken cancellationToken)
    {
        var end = input.Length;
        if (end - start < 8 + 10)
        {
            throw Error(end - start, "the file is too short for a footer (truncated?)");
        }

        input.Position = end - 10;
        var tail = new byte[10];
        await input.ReadExactlyAsync(tail, cancellationToken).ConfigureAwait(false);
        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(tail);
        if (!tail.AsSpan(4).SequenceEqual(ArrowFormat.Magic) || footerLength <= 0 || footerLength > end - start - 18)
        {
            throw Error(end - start - 10, "the file ends without a valid footer and closing magic ARROW1 (truncated?)");
        }

        var footer = new byte[footerLength];
        input.Position = end - 10 - footerLength;
        await input.ReadExactlyAsync(footer, cancellationToken).ConfigureAwait(false);
        return Decode(end - start - 10 - footerLength, () =>
            ArrowFormat.ReadSchema(FlatBufferReader.Root(footer).GetTable(1) ?? throw Error(end - start - 10 - footerLength, "the footer has no schema")));
    }

    /// <summary>The next record batch, or null after the last one (the footer has then been checked).</summary>
    public async ValueTask<ArrowRecordBatch?> ReadBatchAsync(CancellationToken cancellationToken)
    {
        if (finished)
        {
            return null;
        }

        var message = await ReadMessageAsync(cancellationToken).ConfigureAwait(false);
        if (message is null)
        {
            finished = true;
            return null;
        }

        if (message.HeaderType != ArrowFormat.HeaderRecordBatch)
        {
            throw Error(message.Offset, message.HeaderType == ArrowFormat.HeaderDictionaryBatch
                ? "dictionary batches are not supported in clip shards"
                : $"unexpected message header type {message.HeaderType}");
        }

        var bodyOffset = Position;
        var body = await ReadExactlyAsync(message.BodyLength, "a record batch body", cancellationToken).ConfigureAwait(false);
        batchesRead++;
        return Decode(message.Offset, () => DecodeBatch(message.Header, body, bodyOffset));
    }

    private ArrowRecordBatch DecodeBatch(FlatBufferReader header, byte[] body, long bodyOffset)
    {
        var rows = CheckedCount(header.GetInt64(0), message: "record batch length");
        var nodeCount = header.GetVectorLength(1);
        var bufferCount = header.GetVectorLength(2);
        if (header.Has(3))
        {
            throw Error(bodyOffset, "compressed record batches are not supported");
        }

        var nodeIndex = 0;
        var bufferIndex = 0;
        var columns = new List<ArrowColumn>(Schema.Fields.Count);
        foreach (var field in Schema.Fields)
        {
            columns.Add(ReadColumn(field, rows));
        }

        if (nodeIndex != nodeCount || bufferIndex != bufferCount)
        {
            throw Error(bodyOffset, $"record batch has {nodeCount} nodes and {bufferCount} buffers, the schema uses {nodeIndex} and {bufferIndex}");
        }

        return new ArrowRecordBatch(rows, columns, body.Length);

        ArrowColumn ReadColumn(ArrowField field, int expectedLength)
        {
            if (nodeIndex >= nodeCount)
            {
                throw Error(bodyOffset, $"record batch has too few field nodes for column '{field.Name}'");
            }

            var node = header.GetStructElement(1, nodeIndex++, ArrowFormat.FieldNodeSize);
            var length = CheckedCount(BinaryPrimitives.ReadInt64LittleEndian(node), $"length of column '{field.Name}'");
            var nulls = CheckedCount(BinaryPrimitives.ReadInt64LittleEndian(node[8..]), $"null count of column '{field.Name}'");
            if (length != expectedLength || nulls > length)
            {
                throw Error(bodyOffset, $"column '{field.Name}' has {length} values and {nulls} nulls, expected {expectedLength} values");
            }

            if (nulls > 0 && !field.Nullable)
            {
                throw Error(bodyOffset, $"column '{field.Name}' is not nullable but has {nulls} nulls");
            }

            var validity = NextBuffer(nulls > 0 ? (length + 7) / 8 : 0, field.Name);
            return field.Type switch
            {
                ArrowType.Int32 or ArrowType.Float32 => new ArrowColumn(field, length, nulls, validity, default, NextBuffer(4L * length, field.Name), null),
                ArrowType.Bool => new ArrowColumn(field, length, nulls, validity, default, NextBuffer((length + 7) / 8, field.Name), null),
                ArrowType.Utf8 => Utf8Column(field, length, nulls, validity),
                _ => new ArrowColumn(field, length, nulls, validity, default, default, ReadColumn(field.Child!, checked(length * field.ListSize))),
            };
        }

        ArrowColumn Utf8Column(ArrowField field, int length, int nulls, ReadOnlyMemory<byte> validity)
        {
            var offsets = NextBuffer(4L * (length + 1), field.Name);
            var data = NextBuffer(0, field.Name);
            var previous = 0;
            var span = offsets.Span;
            for (var i = 0; i <= length; i++)
            {
                var offset = BinaryPrimitives.ReadInt32LittleEndian(span[(i * 4)..]);
                if (offset < previous || offset > data.Length)
                {
                    throw Error(bodyOffset, $"column '{field.Name}' has a string offset {offset} outside 0..{data.Length} at row {i}");
                }

                previous = offset;
            }

            return new ArrowColumn(field, length, nulls, validity, offsets, data, null);
        }

        ReadOnlyMemory<byte> NextBuffer(long minimumLength, string column)
        {
            if (bufferIndex >= bufferCount)
            {
                throw Error(bodyOffset, $"record batch has too few buffers for column '{column}'");
            }

            var buffer = header.GetStructElement(2, bufferIndex++, ArrowFormat.BufferSize);
            var offset = BinaryPrimitives.ReadInt64LittleEndian(buffer);
            var size = BinaryPrimitives.ReadInt64LittleEndian(buffer[8..]);
            if (offset < 0 || size < 0 || offset + size > body.Length)
            {
                throw Error(bodyOffset, $"buffer {bufferIndex - 1} of column '{column}' ({offset}+{size}) lies outside the body of {body.Length} bytes");
            }

            // A writer may omit the validity buffer of a column without nulls.
            if (size < minimumLength && !(size == 0 && minimumLength == 0))
            {
                throw Error(bodyOffset + offset, $"buffer {bufferIndex - 1} of column '{column}' has {size} bytes, needs {minimumLength}");
            }

            return body.AsMemory((int)offset, (int)size);
        }
    }

    private int CheckedCount(long value, string message) =>
        value is < 0 or > int.MaxValue ? throw Error(Position, $"{message} {value} is out of range") : (int)value;

    private async ValueTask<Message?> ReadMessageAsync(CancellationToken cancellationToken)
    {
        var offset = Position;
        var prefix = await ReadExactlyAsync(4, "a message prefix", cancellationToken).ConfigureAwait(false);
        var first = BinaryPrimitives.ReadUInt32LittleEndian(prefix);
        if (first != ArrowFormat.Continuation)
        {
            // No end-of-stream marker: these bytes already belong to the footer.
            await ReadFooterAsync(prefix, cancellationToken).ConfigureAwait(false);
            return null;
        }

        var sizeBytes = await ReadExactlyAsync(4, "a message length", cancellationToken).ConfigureAwait(false);
        var size = BinaryPrimitives.ReadInt32LittleEndian(sizeBytes);
        if (size == 0)
        {
            await ReadFooterAsync([], cancellationToken).ConfigureAwait(false);
            return null;
        }

        if (size < 0 || size > MaxMetadataBytes)
        {
            throw Error(offset, $"message metadata length {size} is invalid");
        }

        var metadata = await ReadExactlyAsync(size, "message metadata", cancellationToken).ConfigureAwait(false);
        return Decode(offset, () =>
        {
            var message = FlatBufferReader.Root(metadata);
            var header = message.GetTable(2) ?? throw Error(offset, "message has no header");
            var bodyLength = message.GetInt64(3);
            if (bodyLength < 0)
            {
                throw Error(offset, $"message body length {bodyLength} is negative");
            }

            return new Message(offset, message.GetByte(1), header, bodyLength, [.. prefix, .. sizeBytes, .. metadata]);
        });
    }

    private async ValueTask ReadFooterAsync(byte[] alreadyRead, CancellationToken cancellationToken)
    {
        var offset = Position - alreadyRead.Length;
        var rest = await ReadToEndAsync(MaxTrailerBytes, cancellationToken).ConfigureAwait(false);
        var trailer = alreadyRead.Concat(rest).ToArray();
        if (trailer.Length < 10 || !trailer.AsSpan(trailer.Length - 6).SequenceEqual(ArrowFormat.Magic))
        {
            throw Error(Position, "the file ends without its footer and closing magic ARROW1 (truncated?)");
        }

        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(trailer.AsSpan(trailer.Length - 10));
        if (footerLength <= 0 || footerLength > trailer.Length - 10)
        {
            throw Error(Position - 10, $"footer length {footerLength} is invalid");
        }

        var footerStart = trailer.Length - 10 - footerLength;
        var footer = trailer.AsMemory(footerStart, footerLength);
        var declared = Decode(offset + footerStart, () => FlatBufferReader.Root(footer).GetVectorLength(3));
        if (declared != batchesRead)
        {
            throw Error(offset + footerStart, $"the footer lists {declared} record batches, the file holds {batchesRead}");
        }
    }

    private async Task<byte[]> ReadToEndAsync(long limit, CancellationToken cancellationToken)
    {
        using var rest = new MemoryStream();
        var chunk = new byte[64 << 10];
        int read;
        while ((read = await input.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            rest.Write(chunk, 0, read);
            Position += read;
            if (rest.Length > limit || (length is { } total && Position > total))
            {
                throw Error(Position, $"the file goes on past {limit} bytes or its stated length");
            }
        }

        return rest.ToArray();
    }

    private async ValueTask SkipAsync(long count, CancellationToken cancellationToken)
    {
        if (count > 0)
        {
            await ReadExactlyAsync(count, "a message body", cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask<byte[]> ReadExactlyAsync(long count, string what, CancellationToken cancellationToken)
    {
        var remaining = length is { } total ? total - Position : long.MaxValue;
        if (count > remaining || count > Array.MaxLength)
        {
            throw Error(Position, $"{what} of {count} bytes runs past the end of the file (truncated?)");
        }

        var buffer = new byte[count];
        var filled = 0;
        while (filled < count)
        {
            var read = await input.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw Error(Position + filled, $"the file ends inside {what} ({filled} of {count} bytes; truncated?)");
            }

            filled += read;
        }

        Position += count;
        return buffer;
    }

    private T Decode<T>(long offset, Func<T> decode)
    {
        try
        {
            return decode();
        }
        catch (FlatBufferFormatException e)
        {
            throw Error(offset, $"corrupted metadata: {e.Message}");
        }
        catch (NotSupportedException e)
        {
            throw Error(offset, e.Message);
        }
        catch (OverflowException e)
        {
            throw Error(offset, $"corrupted metadata: {e.Message}");
        }
    }

    private ShardFormatException Error(long offset, string problem) => new(source, offset, problem);

    private sealed record Message(long Offset, byte HeaderType, FlatBufferReader Header, long BodyLength, byte[] Raw);
}
