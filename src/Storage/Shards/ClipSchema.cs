using PoseCluster.Datasets;
using PoseCluster.Storage.Shards.Arrow;

namespace PoseCluster.Storage.Shards;

/// <summary>The Arrow schema of a clip shard (ARCHITECTURE §5) and the record batch of a list of clips.</summary>
internal static class ClipSchema
{
    public const string ClipId = "clip_id";
    public const string Dataset = "dataset";
    public const string Subject = "subject";
    public const string Action = "action";
    public const string Camera = "camera";
    public const string Split = "split";
    public const string StartFrame = "start_frame";
    public const string Fps = "fps";
    public const string Pose3d = "pose3d";
    public const string Pose2d = "pose2d";

    public static ArrowSchema For(ClipShardMetadata metadata) => new(
    [
        ArrowField.Of(ClipId, ArrowType.Utf8),
        ArrowField.Of(Dataset, ArrowType.Utf8),
        ArrowField.Of(Subject, ArrowType.Utf8),
        ArrowField.Of(Action, ArrowType.Utf8),
        ArrowField.Of(Camera, ArrowType.Utf8),
        ArrowField.Of(Split, ArrowType.Utf8),
        ArrowField.Of(StartFrame, ArrowType.Int32),
        ArrowField.Of(Fps, ArrowType.Float32),
        ArrowField.ListOfFloat32(Pose3d, metadata.Pose3dLength, nullable: false) with
        {
            Metadata = new Dictionary<string, string> { ["shape"] = $"{metadata.WindowLength},{ClipShardMetadata.Joints},3", ["units"] = metadata.Units },
        },
        ArrowField.ListOfFloat32(Pose2d, metadata.Pose2dLength, nullable: true) with
        {
            Metadata = new Dictionary<string, string> { ["shape"] = $"{metadata.WindowLength},{ClipShardMetadata.Joints},2", ["units"] = "px" },
        },
    ], metadata.ToKeyValues());

    public static IReadOnlyList<ArrowArray> Columns(IReadOnlyList<Clip> clips, ClipShardMetadata metadata)
    {
        foreach (var clip in clips)
        {
            if (clip.Pose3d.Length != metadata.Pose3dLength || (clip.Pose2d is { } p && p.Length != metadata.Pose2dLength))
            {
                throw new ArgumentException(
                    $"clip {clip.ClipId} has {clip.Pose3d.Length} pose3d / {clip.Pose2d?.Length ?? 0} pose2d floats; T={metadata.WindowLength} needs {metadata.Pose3dLength} / {metadata.Pose2dLength}",
                    nameof(clips));
            }
        }

        return
        [
            ArrowArray.Utf8(clips.Select(c => c.ClipId).ToList()),
            ArrowArray.Utf8(clips.Select(c => c.Dataset).ToList()),
            ArrowArray.Utf8(clips.Select(c => c.Subject).ToList()),
            ArrowArray.Utf8(clips.Select(c => c.Action).ToList()),
            ArrowArray.Utf8(clips.Select(c => c.Camera).ToList()),
            ArrowArray.Utf8(clips.Select(c => c.Split).ToList()),
            ArrowArray.Int32(clips.Select(c => c.StartFrame).ToList()),
            ArrowArray.Float32(clips.Select(c => c.Fps).ToList()),
            ArrowArray.FloatLists(clips.Select(c => (float[]?)c.Pose3d).ToList(), metadata.Pose3dLength),
            ArrowArray.FloatLists(clips.Select(c => c.Pose2d).ToList(), metadata.Pose2dLength),
        ];
    }

    /// <summary>Null when <paramref name="schema"/> is a clip schema for <paramref name="metadata"/>, else what differs.</summary>
    public static string? Mismatch(ArrowSchema schema, ClipShardMetadata metadata)
    {
        var expected = For(metadata).Fields;
        foreach (var field in expected)
        {
            var actual = schema.Fields.FirstOrDefault(f => f.Name == field.Name);
            if (actual is null)
            {
                return $"column '{field.Name}' is missing";
            }

            if (actual.TypeName != field.TypeName)
            {
                return $"column '{field.Name}' is {actual.TypeName}, expected {field.TypeName}";
            }
        }

        return null;
    }
}
