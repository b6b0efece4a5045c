using System.Text.Json.Serialization;

namespace PoseCluster.Storage.Pipeline;

/// <summary>What stage 1 did for a version: units and sequences computed or found cached, and sequences rejected.</summary>
/// <param name="UnitsComputed">Units read and computed.</param>
/// <param name="UnitsCached">Units found in the cache.</param>
/// <param name="SequencesComputed">Sequences computed.</param>
/// <param name="SequencesCached">Sequences whose result came from the cache.</param>
/// <param name="Rejected">Sequences rejected (stage 1, stage 2 or duplicates).</param>
public sealed record Stage1Counts(
    [property: JsonPropertyName("units_computed")] int UnitsComputed,
    [property: JsonPropertyName("units_cached")] int UnitsCached,
    [property: JsonPropertyName("computed")] int SequencesComputed,
    [property: JsonPropertyName("cached")] int SequencesCached,
    [property: JsonPropertyName("rejected")] int Rejected);
