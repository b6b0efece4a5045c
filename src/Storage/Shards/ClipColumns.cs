using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using PoseCluster.Datasets;

namespace PoseCluster.Storage.Shards;

/// <summary>
/// The columns of one record batch being filled, clip by clip, in buffers laid out as Arrow lays them
/// out: each clip's poses are copied once into the batch's contiguous float buffers, and the record
/// batch handed to <see cref="Apache.Arrow.Ipc.ArrowFileWriter"/> wraps these buffers (no builder
/// copies). The buffers are kept and refilled for the next batch. Lengths are checked here, on the
/// way in: the library checks neither batches against the schema nor wrapped buffers.
/// </summary>
internal sealed class ClipColumns
{
    private readonly ClipShardMetadata metadata;
    private readonly Schema schema;
    private readonly TextColumn[] text = [.. ClipSchema.TextColumns.Select(_ => new TextColumn())];
    private readonly byte[] startFrames;
    private readonly byte[] fps;
    private readonly byte[] pose3d;
    private readonly byte[] pose2d;
    private readonly byte[] pose2dValidity;
    private int pose2dNulls;

    public ClipColumns(ClipShardMetadata metadata, int capacity)
    {
        this.metadata = metadata;
        schema = ClipSchema.For(metadata);
        Capacity = capacity;
        startFrames = new byte[capacity * sizeof(int)];
        fps = new byte[capacity * sizeof(float)];
        pose3d = new byte[checked(capacity * metadata.Pose3dLength * sizeof(float))];
        pose2d = new byte[checked(capacity * metadata.Pose2dLength * sizeof(float))];
        pose2dValidity = new byte[(capacity + 7) / 8];
    }

    /// <summary>The pose buffers (nearly all of a batch's bytes): a staged object may hash them where they lie.</summary>
    public byte[][] PoseBuffers => [pose3d, pose2d];

    /// <summary>Rows the buffers hold at most.</summary>
    public int Capacity { get; }

    /// <summary>Rows added since the last <see cref="Clear"/>.</summary>
    public int Count { get; private set; }

    /// <summary>
    /// Bytes the batch's buffers take in a record batch body: each buffer padded to 8 bytes, as the IPC
    /// format lays them out (the message header comes on top).
    /// </summary>
    public long BodyLength
    {
        get
        {
            long length = 0;
            foreach (var column in text)
            {
                length += Pad((Count + 1) * sizeof(int)) + Pad(column.Length);
            }

            length += 2 * Pad(Count * sizeof(int));
            length += Pad((long)Count * metadata.Pose3dLength * sizeof(float));
            length += Pad((long)Count * metadata.Pose2dLength * sizeof(float)) + (pose2dNulls > 0 ? Pad((Count + 7) / 8) : 0);
            return length;
        }
    }

    /// <summary>Appends <paramref name="clip"/>; <see cref="ArgumentException"/> when its poses do not have T x 17 x 3 (and x 2) values.</summary>
    public void Add(Clip clip)
    {
        if (clip.Pose3d.Length != metadata.Pose3dLength || (clip.Pose2d is { } p && p.Length != metadata.Pose2dLength))
        {
            throw new ArgumentException(
                $"clip {clip.ClipId} has {clip.Pose3d.Length} pose3d / {clip.Pose2d?.Length ?? 0} pose2d floats; T={metadata.WindowLength} needs {metadata.Pose3dLength} / {metadata.Pose2dLength}",
                nameof(clip));
        }

        if (Count == Capacity)
        {
            throw new InvalidOperationException($"the batch holds {Capacity} clips already");
        }

        var row = Count;
        text[0].Add(clip.ClipId);
        text[1].Add(clip.Dataset);
        text[2].Add(clip.Subject);
        text[3].Add(clip.Action);
        text[4].Add(clip.Camera);
        text[5].Add(clip.Split);
        BinaryPrimitives.WriteInt32LittleEndian(startFrames.AsSpan(row * sizeof(int)), clip.StartFrame);
        BinaryPrimitives.WriteSingleLittleEndian(fps.AsSpan(row * sizeof(float)), clip.Fps);
        MemoryMarshal.AsBytes(clip.Pose3d.AsSpan()).CopyTo(pose3d.AsSpan(row * metadata.Pose3dLength * sizeof(float)));
        var pose2dRow = pose2d.AsSpan(row * metadata.Pose2dLength * sizeof(float), metadata.Pose2dLength * sizeof(float));
        if (clip.Pose2d is { } keypoints)
        {
            MemoryMarshal.AsBytes(keypoints.AsSpan()).CopyTo(pose2dRow);
            pose2dValidity[row >> 3] |= (byte)(1 << (row & 7));
        }
        else
        {
            // A null row keeps zeros in the child values, as readers expect of a fixed-size list.
            pose2dRow.Clear();
            pose2dValidity[row >> 3] &= (byte)~(1 << (row & 7));
            pose2dNulls++;
        }

        Count++;
    }

    /// <summary>The rows added so far as a record batch over these buffers; valid until the next <see cref="Add"/> or <see cref="Clear"/>.</summary>
    public RecordBatch ToRecordBatch()
    {
        var rows = Count;
        var pose3dType = (FixedSizeListType)schema.GetFieldByName(ClipSchema.Pose3d).DataType;
        var pose2dType = (FixedSizeListType)schema.GetFieldByName(ClipSchema.Pose2d).DataType;
        IArrowArray[] arrays =
        [
            .. text.Select(c => c.ToArray(rows)),
            new Int32Array(Wrap(startFrames, rows * sizeof(int)), ArrowBuffer.Empty, rows, 0, 0),
            new FloatArray(Wrap(fps, rows * sizeof(float)), ArrowBuffer.Empty, rows, 0, 0),
            new FixedSizeListArray(pose3dType, rows,
                new FloatArray(Wrap(pose3d, rows * metadata.Pose3dLength * sizeof(float)), ArrowBuffer.Empty, rows * metadata.Pose3dLength, 0, 0),
                ArrowBuffer.Empty, 0, 0),
            new FixedSizeListArray(pose2dType, rows,
                new FloatArray(Wrap(pose2d, rows * metadata.Pose2dLength * sizeof(float)), ArrowBuffer.Empty, rows * metadata.Pose2dLength, 0, 0),
                pose2dNulls > 0 ? Wrap(pose2dValidity, (rows + 7) / 8) : ArrowBuffer.Empty, pose2dNulls, 0),
        ];
        return new RecordBatch(schema, arrays, rows);
    }

    /// <summary>Empties the batch, keeping the buffers.</summary>
    public void Clear()
    {
        foreach (var column in text)
        {
            column.Clear();
        }

        System.Array.Clear(pose2dValidity);
        pose2dNulls = 0;
        Count = 0;
    }

    private static ArrowBuffer Wrap(byte[] buffer, int length) => new(buffer.AsMemory(0, length));

    private static long Pad(long length) => (length + 7) & ~7L;

    /// <summary>A utf8 column: int32 offsets and the UTF-8 bytes of every value, end to end.</summary>
    private sealed class TextColumn
    {
        private byte[] offsets = new byte[sizeof(int) * 64];
        private byte[] bytes = new byte[4096];
        private int rows;

        public int Length { get; private set; }

        public void Add(string value)
        {
            var size = Encoding.UTF8.GetByteCount(value);
            Grow(ref bytes, Length + size);
            Grow(ref offsets, (rows + 2) * sizeof(int));
            Length += Encoding.UTF8.GetBytes(value, bytes.AsSpan(Length));
            rows++;
            BinaryPrimitives.WriteInt32LittleEndian(offsets.AsSpan(rows * sizeof(int)), Length);
        }

        public StringArray ToArray(int count) =>
            new(count, Wrap(offsets, (count + 1) * sizeof(int)), Wrap(bytes, Length), ArrowBuffer.Empty, 0, 0);

        public void Clear()
        {
            rows = 0;
            Length = 0;
        }

        private static void Grow(ref byte[] buffer, int needed)
        {
            if (needed > buffer.Length)
            {
                System.Array.Resize(ref buffer, Math.Max(needed, buffer.Length * 2));
            }
        }
    }
}
