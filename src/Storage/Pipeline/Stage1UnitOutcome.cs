using System.Text.Json.Serialization;
using PoseCluster.Datasets.Ingestion;
using PoseCluster.Datasets.Pipeline;

namespace PoseCluster.Storage.Pipeline;

/// <summary>Stage 1 of one unit: small, so a Dataset entity can keep it and hand each sequence's part to its Sequence entity.</summary>
/// <param name="Unit">The unit id.</param>
/// <param name="Status">What was done.</param>
/// <param name="Location">The cache entry (null when skipped or unreadable).</param>
/// <param name="Files">The unit's files with their SHA-256 (empty when not read and not cached).</param>
/// <param name="SequencesComputed">Sequences computed by this call (0 on a cache hit).</param>
/// <param name="Sequences">Every sequence's stage-1 result, rejections included.</param>
public sealed record Stage1UnitOutcome(
    [property: JsonPropertyName("unit")] string Unit,
    [property: JsonPropertyName("status")] Stage1UnitStatus Status,
    [property: JsonPropertyName("location")] Stage1Location? Location,
    [property: JsonPropertyName("files")] IReadOnlyList<FileHash> Files,
    [property: JsonPropertyName("sequences_computed")] int SequencesComputed,
    [property: JsonPropertyName("sequences")] IReadOnlyList<Stage1Sequence> Sequences);
