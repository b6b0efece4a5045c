using System.Text.Json.Serialization;
using PoseCluster.Datasets.AugMotion;

namespace PoseCluster.Datasets.Pipeline;

/// <summary>A dataset as part of a corpus version: name, kind, content hash and its Eq. 1 sums over its accepted sequences.</summary>
/// <param name="Name">Dataset name.</param>
/// <param name="Kind">Dataset kind name.</param>
/// <param name="ContentHash">The dataset's content hash.</param>
/// <param name="ShoulderWidthSumMm">Σ shoulder width, mm.</param>
/// <param name="ShoulderToPelvisSumMm">Σ shoulder-midpoint→pelvis distance, mm.</param>
/// <param name="Frames">Frames summed.</param>
public sealed record VersionDataset(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("content_hash")] string ContentHash,
    [property: JsonPropertyName("shoulder_width_sum_mm")] double ShoulderWidthSumMm,
    [property: JsonPropertyName("shoulder_to_pelvis_sum_mm")] double ShoulderToPelvisSumMm,
    [property: JsonPropertyName("frames")] long Frames)
{
    /// <summary>The sums.</summary>
    [JsonIgnore]
    public ReferenceStatistics Sums => new(ShoulderWidthSumMm, ShoulderToPelvisSumMm, Frames);
}
