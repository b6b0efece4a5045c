using PoseCluster.Datasets;
using PoseCluster.Storage.Shards.Arrow;

namespace PoseCluster.Storage.Shards;

/// <summary>
/// One record batch of clips read from a shard. The pose accessors return spans into the batch's
/// single body buffer (read once from the file), so a trainer can copy poses straight into its
/// tensors; <see cref="ToClip"/> makes a <see cref="Clip"/> with its own arrays.
/// </summary>
public sealed class ClipBatch
{
    private readonly ArrowColumn clipId;
    private readonly ArrowColumn dataset;
    private readonly ArrowColumn subject;
    private readonly ArrowColumn action;
    private readonly ArrowColumn camera;
    private readonly ArrowColumn split;
    private readonly ArrowColumn startFrame;
    private readonly ArrowColumn fps;
    private readonly ArrowColumn pose3d;
    private readonly ArrowColumn pose2d;

    internal ClipBatch(ArrowRecordBatch batch)
    {
        Count = batch.Length;
        BodyBytes = batch.BodyBytes;
        clipId = batch.Column(ClipSchema.ClipId);
        dataset = batch.Column(ClipSchema.Dataset);
        subject = batch.Column(ClipSchema.Subject);
        action = batch.Column(ClipSchema.Action);
        camera = batch.Column(ClipSchema.Camera);
        split = batch.Column(ClipSchema.Split);
        startFrame = batch.Column(ClipSchema.StartFrame);
        fps = batch.Column(ClipSchema.Fps);
        pose3d = batch.Column(ClipSchema.Pose3d);
        pose2d = batch.Column(ClipSchema.Pose2d);
    }

    /// <summary>Number of clips in the batch.</summary>
    public int Count { get; }

    /// <summary>Size of the batch body in the file, bytes.</summary>
    public long BodyBytes { get; }

    /// <summary>The clip id of row <paramref name="row"/>.</summary>
    public string ClipId(int row) => clipId.GetString(row);

    /// <summary>The dataset of row <paramref name="row"/>.</summary>
    public string Dataset(int row) => dataset.GetString(row);

    /// <summary>The subject of row <paramref name="row"/>.</summary>
    public string Subject(int row) => subject.GetString(row);

    /// <summary>The action of row <paramref name="row"/>.</summary>
    public string Action(int row) => action.GetString(row);

    /// <summary>The camera of row <paramref name="row"/>.</summary>
    public string Camera(int row) => camera.GetString(row);

    /// <summary>The split (train, val, test) of row <paramref name="row"/>.</summary>
    public string Split(int row) => split.GetString(row);

    /// <summary>First frame of row <paramref name="row"/> in its sequence.</summary>
    public int StartFrame(int row) => startFrame.Int32Values[row];

    /// <summary>Frames per second of row <paramref name="row"/>.</summary>
    public float Fps(int row) => fps.Float32Values[row];

    /// <summary>T x 17 x 3 floats (mm, universal frame) of row <paramref name="row"/>, a view into the batch.</summary>
    public ReadOnlySpan<float> Pose3d(int row) => pose3d.GetFloatList(row);

    /// <summary>True when row <paramref name="row"/> has 2D keypoints.</summary>
    public bool HasPose2d(int row) => !pose2d.IsNull(row);

    /// <summary>T x 17 x 2 floats (px) of row <paramref name="row"/>, or an empty span when it has none.</summary>
    public ReadOnlySpan<float> Pose2d(int row) => pose2d.IsNull(row) ? default : pose2d.GetFloatList(row);

    /// <summary>Row <paramref name="row"/> as a <see cref="Clip"/>: the one copy of its pose data.</summary>
    public Clip ToClip(int row) => new(
        ClipId(row), Dataset(row), Subject(row), Action(row), Camera(row), StartFrame(row), Fps(row), Split(row),
        Pose3d(row).ToArray(), HasPose2d(row) ? Pose2d(row).ToArray() : null);
}
