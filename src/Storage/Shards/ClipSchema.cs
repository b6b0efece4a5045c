using Apache.Arrow;
using Apache.Arrow.Types;

namespace PoseCluster.Storage.Shards;

/// <summary>The Arrow schema of a clip shard (ARCHITECTURE §5), unchanged on disk since the first shards.</summary>
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

    /// <summary>The utf8 columns, in schema order.</summary>
    public static readonly string[] TextColumns = [ClipId, Dataset, Subject, Action, Camera, Split];

    public static Schema For(ClipShardMetadata metadata) => new(
    [
        .. TextColumns.Select(name => new Field(name, StringType.Default, nullable: false)),
        new Field(StartFrame, Int32Type.Default, nullable: false),
        new Field(Fps, FloatType.Default, nullable: false),
        new Field(Pose3d, ListOfFloats(metadata.Pose3dLength), nullable: false, new Dictionary<string, string>
        {
            ["shape"] = $"{metadata.WindowLength},{ClipShardMetadata.Joints},3",
            ["units"] = metadata.Units,
        }),
        new Field(Pose2d, ListOfFloats(metadata.Pose2dLength), nullable: true, new Dictionary<string, string>
        {
            ["shape"] = $"{metadata.WindowLength},{ClipShardMetadata.Joints},2",
            ["units"] = "px",
        }),
    ], metadata.ToKeyValues());

    /// <summary>Null when <paramref name="schema"/> is a clip schema for <paramref name="metadata"/>, else what differs.</summary>
    public static string? Mismatch(Schema schema, ClipShardMetadata metadata)
    {
        foreach (var field in For(metadata).FieldsList)
        {
            var index = schema.GetFieldIndex(field.Name, StringComparer.Ordinal);
            if (index < 0)
            {
                return $"column '{field.Name}' is missing";
            }

            var actual = schema.GetFieldByIndex(index);
            var (expectedType, actualType) = (ArrowColumns.TypeName(field.DataType), ArrowColumns.TypeName(actual.DataType) ?? actual.DataType.Name);
            if (actualType != expectedType)
            {
                return $"column '{field.Name}' is {actualType}, expected {expectedType}";
            }
        }

        return null;
    }

    private static FixedSizeListType ListOfFloats(int size) => new(new Field("item", FloatType.Default, nullable: false), size);
}
