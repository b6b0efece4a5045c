using Apache.Arrow;
using Apache.Arrow.Ipc;
using PoseCluster.Storage.Objects;

namespace PoseCluster.Storage.Shards;

/// <summary>
/// One Arrow IPC file read through Apache.Arrow's <see cref="ArrowFileReader"/>, with the checks the
/// library leaves out: the magic and footer length are checked before it allocates anything, batch
/// bodies are bounded by the file size, every batch's arrays are checked against their buffers
/// (<see cref="ArrowColumns"/>), and whatever the library throws on a damaged file becomes a
/// <see cref="ShardFormatException"/> naming the source and the byte offset. A forward-only input is
/// first copied to a temporary file (the reader seeks to the footer).
/// </summary>
internal sealed class ArrowShardReader : IDisposable
{
    private static readonly byte[] Magic = "ARROW1"u8.ToArray();
    private readonly Stream input;
    private readonly ArrowFileReader reader;
    private readonly string source;

    private ArrowShardReader(Stream input, ArrowFileReader reader, string source, Schema schema)
    {
        this.input = input;
        this.reader = reader;
        this.source = source;
        Schema = schema;
    }

    public Schema Schema { get; }

    /// <summary>Bytes of the file consumed so far (the reader's position).</summary>
    public long Position => input.Position;

    /// <summary>Opens <paramref name="input"/> (taken over: disposed with the reader); <paramref name="source"/> names it in errors.</summary>
    public static async Task<ArrowShardReader> OpenAsync(Stream input, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            if (!input.CanSeek)
            {
                input = await TemporaryFiles.SpoolAsync(input, "shard-read", cancellationToken).ConfigureAwait(false);
            }

            if (input.Position != 0)
            {
                // Apache.Arrow reads offsets from the start of the stream.
                input = await TemporaryFiles.SpoolAsync(input, "shard-read", cancellationToken).ConfigureAwait(false);
            }

            await CheckFrameAsync(input, source, cancellationToken).ConfigureAwait(false);
            var reader = new ArrowFileReader(input, new BoundedAllocator(input.Length), leaveOpen: true);
            try
            {
                var schema = await Guard(input, source, () => reader.GetSchema(cancellationToken)).ConfigureAwait(false);
                foreach (var field in schema.FieldsList)
                {
                    if (ArrowColumns.TypeName(field.DataType) is null)
                    {
                        throw new ShardFormatException(source, input.Position, $"column '{field.Name}' has type {field.DataType.Name}, which shard files do not use");
                    }
                }

                return new ArrowShardReader(input, reader, source, schema);
            }
            catch
            {
                reader.Dispose();
                throw;
            }
        }
        catch
        {
            await input.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The next record batch, checked, or null after the last; the caller disposes it (its memory is native).</summary>
    public async ValueTask<RecordBatch?> ReadNextAsync(CancellationToken cancellationToken)
    {
        var offset = input.Position;
        var batch = await Guard(input, source, () => reader.ReadNextRecordBatchAsync(cancellationToken)).ConfigureAwait(false);
        if (batch is null)
        {
            return null;
        }

        try
        {
            if (batch.ColumnCount != Schema.FieldsList.Count || batch.Length < 0)
            {
                throw new ShardFormatException(source, offset, $"a record batch has {batch.ColumnCount} columns and {batch.Length} rows; the schema has {Schema.FieldsList.Count} columns");
            }

            for (var i = 0; i < batch.ColumnCount; i++)
            {
                var field = Schema.GetFieldByIndex(i);
                var column = batch.Column(i);
                var problem = column.Length != batch.Length
                    ? $"it has {column.Length} values in a batch of {batch.Length} rows"
                    : column.NullCount > 0 && !field.IsNullable ? $"it is not nullable but has {column.NullCount} nulls" : ArrowColumns.Problem(column);
                if (problem is not null)
                {
                    throw new ShardFormatException(source, offset, $"column '{field.Name}' of a record batch is damaged: {problem}");
                }
            }

            return batch;
        }
        catch
        {
            batch.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        reader.Dispose();
        input.Dispose();
    }

    /// <summary>Runs a library call; a damaged file's exception becomes a <see cref="ShardFormatException"/> at the stream's position.</summary>
    private static async ValueTask<T> Guard<T>(Stream input, string source, Func<ValueTask<T>> read)
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (Exception e) when (IsFormatError(e))
        {
            throw new ShardFormatException(source, SafePosition(input), $"damaged Arrow IPC data: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>What Apache.Arrow (and the metadata decoding inside it) throws on damaged bytes; not cancellation, not a failing disk.</summary>
    private static bool IsFormatError(Exception e) =>
        e is not (OperationCanceledException or ShardFormatException or OutOfMemoryException) && (e is not IOException || e is EndOfStreamException);

    /// <summary>Magic at both ends and a footer length inside the file, before the library allocates by them.</summary>
    private static async Task CheckFrameAsync(Stream input, string source, CancellationToken cancellationToken)
    {
        var length = input.Length;
        var head = new byte[Math.Min(8, length)];
        input.Position = 0;
        await input.ReadExactlyAsync(head, cancellationToken).ConfigureAwait(false);
        if (head.Length < Magic.Length || !head.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new ShardFormatException(source, 0, "not an Arrow IPC file (the magic ARROW1 is missing)");
        }

        if (length < 8 + 10)
        {
            throw new ShardFormatException(source, length, $"the file is {length} bytes, too short for a footer (truncated?)");
        }

        var tail = new byte[10];
        input.Position = length - 10;
        await input.ReadExactlyAsync(tail, cancellationToken).ConfigureAwait(false);
        if (!tail.AsSpan(4).SequenceEqual(Magic))
        {
            throw new ShardFormatException(source, length - 6, "the file ends without its footer and closing magic ARROW1 (truncated?)");
        }

        var footerLength = BitConverter.ToInt32(tail, 0);
        if (footerLength <= 0 || footerLength > length - 18)
        {
            throw new ShardFormatException(source, length - 10, $"footer length {footerLength} does not fit in a file of {length} bytes");
        }

        input.Position = 0;
    }

    private static long SafePosition(Stream input)
    {
        try
        {
            return input.Position;
        }
        catch (ObjectDisposedException)
        {
            return -1;
        }
    }
}
