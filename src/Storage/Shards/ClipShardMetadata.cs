using System.Globalization;

namespace PoseCluster.Storage.Shards;

/// <summary>
/// The schema metadata every clip shard carries (ARCHITECTURE §5): which corpus it belongs to and
/// how its clips were cut and harmonized.
/// </summary>
/// <param name="CorpusVersion">Corpus version id.</param>
/// <param name="Skeleton">Joint order of the poses, e.g. "h36m-17".</param>
/// <param name="WindowLength">Clip length T in frames.</param>
/// <param name="Stride">Window stride S in frames.</param>
/// <param name="Units">Units of the 3D poses, "mm".</param>
/// <param name="MeanShoulderWidth">Ms: mean shoulder width of the corpus, mm.</param>
/// <param name="MeanShoulderToPelvis">Msp: mean shoulder-midpoint-to-pelvis distance of the corpus, mm.</param>
public sealed record ClipShardMetadata(
    string CorpusVersion,
    string Skeleton,
    int WindowLength,
    int Stride,
    string Units,
    double MeanShoulderWidth,
    double MeanShoulderToPelvis)
{
    /// <summary>Number of joints of the skeleton every shard uses.</summary>
    public const int Joints = 17;

    /// <summary>Floats per clip in the pose3d column: T x 17 x 3.</summary>
    public int Pose3dLength => WindowLength * Joints * 3;

    /// <summary>Floats per clip in the pose2d column: T x 17 x 2.</summary>
    public int Pose2dLength => WindowLength * Joints * 2;

    /// <summary>The metadata as Arrow schema key/value pairs.</summary>
    public IReadOnlyDictionary<string, string> ToKeyValues() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["corpus_version"] = CorpusVersion,
        ["skeleton"] = Skeleton,
        ["T"] = WindowLength.ToString(CultureInfo.InvariantCulture),
        ["S"] = Stride.ToString(CultureInfo.InvariantCulture),
        ["units"] = Units,
        ["Ms"] = MeanShoulderWidth.ToString("R", CultureInfo.InvariantCulture),
        ["Msp"] = MeanShoulderToPelvis.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>Reads the metadata back from Arrow key/value pairs; null names the first missing or malformed key.</summary>
    internal static ClipShardMetadata FromKeyValues(IReadOnlyDictionary<string, string> values, out string? problem)
    {
        string? firstProblem = null;
        string Text(string key)
        {
            if (values.TryGetValue(key, out var value))
            {
                return value;
            }

            firstProblem ??= $"schema metadata '{key}' is missing";
            return "";
        }

        int Integer(string key)
        {
            var text = Text(key);
            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0)
            {
                return value;
            }

            firstProblem ??= $"schema metadata '{key}' = '{text}' is not a positive integer";
            return 1;
        }

        double Number(string key)
        {
            var text = Text(key);
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            firstProblem ??= $"schema metadata '{key}' = '{text}' is not a number";
            return 0;
        }

        var metadata = new ClipShardMetadata(Text("corpus_version"), Text("skeleton"), Integer("T"), Integer("S"), Text("units"), Number("Ms"), Number("Msp"));
        problem = firstProblem;
        return metadata;
    }
}
