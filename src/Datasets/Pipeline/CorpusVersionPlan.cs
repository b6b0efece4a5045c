using System.Text.Json.Serialization;
using PoseCluster.Datasets.AugMotion;

namespace PoseCluster.Datasets.Pipeline;

/// <summary>
/// A corpus version as the reuse rule decides it (docs/AUGMOTION.md, "Corpus versions"): its id, its
/// parent, the triangle derived from all its datasets' sums, the triangle its clips are projected onto
/// (the parent's when its shards are reused), how far the triangle moved, and which datasets keep the
/// parent's shards.
/// </summary>
/// <param name="Version">The version id.</param>
/// <param name="Parent">The parent version, or null.</param>
/// <param name="ReusedVersion">The version whose shards and triangle are reused (the parent), or null when every clip is projected afresh.</param>
/// <param name="ConfigHash">The corpus config hash.</param>
/// <param name="DerivedMs">Ms from the sums of every dataset of this version, mm.</param>
/// <param name="DerivedMsp">Msp from those sums, mm.</param>
/// <param name="Ms">Ms of the triangle the clips are projected onto, mm.</param>
/// <param name="Msp">Msp of that triangle, mm.</param>
/// <param name="MovedMm">How far the canonical points moved from the parent's triangle: max(|ΔMs|/2, |ΔMsp|), mm (0 without a parent).</param>
/// <param name="Datasets">The version's datasets, by name.</param>
/// <param name="ReusedDatasets">Datasets whose shards are the parent's.</param>
/// <param name="SameAsParent">True when nothing changed: the version is the parent itself.</param>
public sealed record CorpusVersionPlan(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("parent")] string? Parent,
    [property: JsonPropertyName("reused_version")] string? ReusedVersion,
    [property: JsonPropertyName("config_hash")] string ConfigHash,
    [property: JsonPropertyName("derived_ms")] double DerivedMs,
    [property: JsonPropertyName("derived_msp")] double DerivedMsp,
    [property: JsonPropertyName("ms")] double Ms,
    [property: JsonPropertyName("msp")] double Msp,
    [property: JsonPropertyName("moved_mm")] double MovedMm,
    [property: JsonPropertyName("datasets")] IReadOnlyList<VersionDataset> Datasets,
    [property: JsonPropertyName("reused_datasets")] IReadOnlyList<string> ReusedDatasets,
    [property: JsonPropertyName("same_as_parent")] bool SameAsParent)
{
    /// <summary>The triangle the clips are projected onto.</summary>
    public CanonicalTriangle Triangle() => new(Ms, Msp);
}
