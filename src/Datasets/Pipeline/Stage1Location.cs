using System.Text.Json.Serialization;

namespace PoseCluster.Datasets.Pipeline;

/// <summary>Where a unit's stage-1 result is cached: the kind's stage-1 config hash and the unit's content hash (and the unit, for messages).</summary>
/// <param name="ConfigHash">The kind's <see cref="Stage1Config.Hash"/>.</param>
/// <param name="ContentHash">The unit's content hash.</param>
/// <param name="Unit">The unit id.</param>
public sealed record Stage1Location(
    [property: JsonPropertyName("config_hash")] string ConfigHash,
    [property: JsonPropertyName("content_hash")] string ContentHash,
    [property: JsonPropertyName("unit")] string Unit);
