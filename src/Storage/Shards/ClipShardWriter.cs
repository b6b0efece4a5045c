using Apache.Arrow.Ipc;

namespace PoseCluster.Storage.Shards;

/// <summary>
/// Writes one clip shard through Apache.Arrow's <see cref="ArrowFileWriter"/> into a seekable stream
/// (the writer records batch offsets from the stream's position): batches of <see cref="ClipColumns"/>,
/// then the footer. Knows how long the file would be with one more batch, so shards can be cut to size.
/// </summary>
internal sealed class ClipShardWriter : IDisposable
{
    /// <summary>Room kept for the footer: the schema (about 1 KiB) and 24 bytes per batch, with margin.</summary>
    private const long FooterAllowance = 8192;

    private readonly Stream output;
    private readonly ArrowFileWriter writer;
    private long largestHeader;

    public ClipShardWriter(Stream output, ClipShardMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!output.CanSeek || !output.CanWrite)
        {
            throw new ArgumentException("an Arrow IPC file is written to a seekable stream (a temporary file, then put into the store)", nameof(output));
        }

        this.output = output;
        writer = new ArrowFileWriter(output, ClipSchema.For(metadata), leaveOpen: true);
    }

    /// <summary>Record batches written.</summary>
    public int Batches { get; private set; }

    /// <summary>Bytes written so far.</summary>
    public long Length => output.Position;

    /// <summary>An upper bound of the finished file's size if a batch with <paramref name="bodyLength"/> body bytes were added.</summary>
    public long LengthWith(long bodyLength) => Length + largestHeader + bodyLength + FooterAllowance + (24L * (Batches + 1));

    /// <summary>
    /// Writes the batch the columns hold. Synchronously: the bytes go into a local file (the page
    /// cache), and each async write of a file stream would be a thread-pool hop for nothing to wait on.
    /// </summary>
    public void Write(ClipColumns columns)
    {
        var before = output.Position;
        var body = columns.BodyLength;
        using (var batch = columns.ToRecordBatch())
        {
            writer.WriteRecordBatch(batch);
        }

        // What came on top of the body: the batch's message header (and, the first time, the magic and schema).
        largestHeader = Math.Max(largestHeader, output.Position - before - body);
        Batches++;
    }

    /// <summary>Writes the end-of-stream marker and the footer; without it a reader finds no footer ("invalid magic").</summary>
    public void Finish()
    {
        writer.WriteEnd();
        output.Flush();
    }

    public void Dispose() => writer.Dispose();
}
