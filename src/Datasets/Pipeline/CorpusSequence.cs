using System.Text.Json.Serialization;
using PoseCluster.Datasets.AugMotion;

namespace PoseCluster.Datasets.Pipeline;

/// <summary>One sequence of a corpus as stage 2 sees it: which dataset it belongs to, where its stage-1 result is, and that result.</summary>
/// <param name="Dataset">Dataset name.</param>
/// <param name="Kind">Dataset kind (decides explicit subject splits).</param>
/// <param name="Location">Its unit's stage-1 cache entry.</param>
/// <param name="Stage1">Its stage-1 result.</param>
public sealed record CorpusSequence(
    [property: JsonPropertyName("dataset")] string Dataset,
    [property: JsonPropertyName("kind")] DatasetKind Kind,
    [property: JsonPropertyName("location")] Stage1Location Location,
    [property: JsonPropertyName("stage1")] Stage1Sequence Stage1)
{
    /// <summary>dataset/subject/action/camera.</summary>
    [JsonIgnore]
    public SequenceKey Key => new(Dataset, Stage1.Subject, Stage1.Action, Stage1.Camera);
}
