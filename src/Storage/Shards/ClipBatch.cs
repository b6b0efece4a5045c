using System.Text;
using Apache.Arrow;
using PoseCluster.Datasets;

namespace PoseCluster.Storage.Shards;

/// <summary>
/// One record batch of clips read from a shard. The pose accessors return spans into the batch's
/// memory as Apache.Arrow read it (no copy per row), so a trainer can copy poses straight into its
/// tensors; <see cref="ToClip"/> makes a <see cref="Clip"/> with its own arrays. The batch's memory is
/// released when the reader moves to the next batch: spans must not be kept past that.
/// </summary>
public sealed class ClipBatch
{
    private readonly StringArray clipId;
    private readonly StringArray dataset;
    private readonly StringArray subject;
    private readonly StringArray action;
    private readonly StringArray camera;
    private readonly StringArray split;
    private readonly Int32Array startFrame;
    private readonly FloatArray fps;
    private readonly FixedSizeListArray pose3d;
    private readonly FloatArray pose3dValues;
    private readonly int pose3dLength;
    private readonly FixedSizeListArray pose2d;
    private readonly FloatArray pose2dValues;
    private readonly int pose2dLength;

    /// <summary>Wraps a batch already checked against the clip schema (<see cref="ArrowShardReader"/>, <see cref="ClipSchema.Mismatch"/>).</summary>
    internal ClipBatch(RecordBatch batch, ClipShardMetadata metadata)
    {
        Count = batch.Length;
        BodyBytes = BufferBytes(batch.Arrays.Select(a => a.Data));
        clipId = (StringArray)batch.Column(ClipSchema.ClipId);
        dataset = (StringArray)batch.Column(ClipSchema.Dataset);
        subject = (StringArray)batch.Column(ClipSchema.Subject);
        action = (StringArray)batch.Column(ClipSchema.Action);
        camera = (StringArray)batch.Column(ClipSchema.Camera);
        split = (StringArray)batch.Column(ClipSchema.Split);
        startFrame = (Int32Array)batch.Column(ClipSchema.StartFrame);
        fps = (FloatArray)batch.Column(ClipSchema.Fps);
        pose3d = (FixedSizeListArray)batch.Column(ClipSchema.Pose3d);
        pose3dValues = (FloatArray)pose3d.Values;
        pose3dLength = metadata.Pose3dLength;
        pose2d = (FixedSizeListArray)batch.Column(ClipSchema.Pose2d);
        pose2dValues = (FloatArray)pose2d.Values;
        pose2dLength = metadata.Pose2dLength;
    }

    /// <summary>Number of clips in the batch.</summary>
    public int Count { get; }

    /// <summary>Bytes of the batch's buffers (its body in the file, without padding).</summary>
    public long BodyBytes { get; }

    /// <summary>The clip id of row <paramref name="row"/>.</summary>
    public string ClipId(int row) => Text(clipId, row);

    /// <summary>The dataset of row <paramref name="row"/>.</summary>
    public string Dataset(int row) => Text(dataset, row);

    /// <summary>The subject of row <paramref name="row"/>.</summary>
    public string Subject(int row) => Text(subject, row);

    /// <summary>The action of row <paramref name="row"/>.</summary>
    public string Action(int row) => Text(action, row);

    /// <summary>The camera of row <paramref name="row"/>.</summary>
    public string Camera(int row) => Text(camera, row);

    /// <summary>The split (train, val, test) of row <paramref name="row"/>.</summary>
    public string Split(int row) => Text(split, row);

    /// <summary>First frame of row <paramref name="row"/> in its sequence.</summary>
    public int StartFrame(int row) => startFrame.Values[row];

    /// <summary>Frames per second of row <paramref name="row"/>.</summary>
    public float Fps(int row) => fps.Values[row];

    /// <summary>T x 17 x 3 floats (mm, universal frame) of row <paramref name="row"/>, a view into the batch.</summary>
    public ReadOnlySpan<float> Pose3d(int row) => pose3dValues.Values.Slice((pose3d.Offset + row) * pose3dLength, pose3dLength);

    /// <summary>True when row <paramref name="row"/> has 2D keypoints.</summary>
    public bool HasPose2d(int row) => pose2d.IsValid(row);

    /// <summary>T x 17 x 2 floats (px) of row <paramref name="row"/>, or an empty span when it has none.</summary>
    public ReadOnlySpan<float> Pose2d(int row) =>
        pose2d.IsValid(row) ? pose2dValues.Values.Slice((pose2d.Offset + row) * pose2dLength, pose2dLength) : default;

    /// <summary>Row <paramref name="row"/> as a <see cref="Clip"/>: the one copy of its pose data.</summary>
    public Clip ToClip(int row) => new(
        ClipId(row), Dataset(row), Subject(row), Action(row), Camera(row), StartFrame(row), Fps(row), Split(row),
        Pose3d(row).ToArray(), HasPose2d(row) ? Pose2d(row).ToArray() : null);

    private static string Text(StringArray column, int row) => Encoding.UTF8.GetString(column.GetBytes(row));

    private static long BufferBytes(IEnumerable<ArrayData> arrays) =>
        arrays.Sum(a => a.Buffers.Sum(b => (long)b.Length) + BufferBytes(a.Children ?? []));
}
