using System.Globalization;
using System.Text;
using PoseCluster.Datasets.AugMotion;
using PoseCluster.Datasets.Ingestion;

namespace PoseCluster.Datasets.Pipeline;

/// <summary>
/// Corpus versions and the reuse rule of ARCHITECTURE §4 (docs/AUGMOTION.md, "Corpus versions").
/// The id is <c>v-</c> and the first 16 hex digits of the SHA-256 of the corpus config hash, every
/// dataset's name, kind and content hash, and the version whose shards are reused (empty when every clip
/// is projected afresh). The parent is recorded but is part of the id only through reuse, because only
/// then do the bytes depend on it: a version re-projected in full is byte for byte the one-shot
/// harmonization of the same datasets, and has its id.
/// </summary>
public static class CorpusVersions
{
    /// <summary>
    /// Plans the version of <paramref name="datasets"/> under <paramref name="configHash"/>, with
    /// <paramref name="parent"/> (or none) and the reuse tolerance in mm. The parent's shards are reused
    /// when it was built under the same config, at least one dataset is unchanged (same name, kind and
    /// content hash) and the canonical points moved strictly less than the tolerance (so 0 never
    /// reuses); the clips of every other dataset are then projected onto the parent's triangle.
    /// Otherwise every sequence is projected onto the triangle derived from all the sums.
    /// </summary>
    /// <exception cref="HarmonizationException">No dataset has a usable frame.</exception>
    public static CorpusVersionPlan Plan(IReadOnlyList<VersionDataset> datasets, string configHash, ParentCorpus? parent, double toleranceMm, string? explicitId = null)
    {
        ArgumentNullException.ThrowIfNull(datasets);
        ArgumentOutOfRangeException.ThrowIfNegative(toleranceMm);
        var ordered = datasets.OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
        var derived = Stage2.Triangle(ordered.ToDictionary(d => d.Name, d => d.Sums, StringComparer.Ordinal));
        if (parent is null)
        {
            return Fresh(ordered, configHash, null, derived, 0, explicitId);
        }

        var moved = Math.Max(Math.Abs(derived.ShoulderWidthMm - parent.Ms) / 2, Math.Abs(derived.ShoulderToPelvisMm - parent.Msp));
        var unchanged = ordered.Where(d => parent.Datasets.Any(p => p.Name == d.Name && p.Kind == d.Kind && p.ContentHash == d.ContentHash)).Select(d => d.Name).ToList();
        var sameConfig = parent.ConfigHash == configHash;
        if (sameConfig && unchanged.Count == ordered.Count && parent.Datasets.Count == ordered.Count)
        {
            // Nothing changed: the version is the parent.
            return new(parent.Version, parent.Version, null, configHash, derived.ShoulderWidthMm, derived.ShoulderToPelvisMm, parent.Ms, parent.Msp, moved,
                ordered, [], SameAsParent: true);
        }

        if (!sameConfig || unchanged.Count == 0 || !(moved < toleranceMm))
        {
            return Fresh(ordered, configHash, parent.Version, derived, moved, explicitId);
        }

        var id = explicitId ?? Id(configHash, ordered, parent.Version);
        return new(id, parent.Version, parent.Version, configHash, derived.ShoulderWidthMm, derived.ShoulderToPelvisMm, parent.Ms, parent.Msp, moved,
            ordered, unchanged, SameAsParent: false);
    }

    /// <summary>The version id of these datasets under this config, reusing <paramref name="reusedVersion"/>'s shards (or none).</summary>
    public static string Id(string configHash, IEnumerable<VersionDataset> datasets, string? reusedVersion)
    {
        ArgumentNullException.ThrowIfNull(datasets);
        var text = new StringBuilder("posecluster-version 1\n").Append("config=").Append(configHash).Append('\n');
        foreach (var d in datasets.OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"dataset={d.Name} {d.Kind} {d.ContentHash}\n");
        }

        text.Append("reuse=").Append(reusedVersion ?? "").Append('\n');
        return "v-" + ContentHashes.Sha256(text.ToString())[..16];
    }

    private static CorpusVersionPlan Fresh(List<VersionDataset> datasets, string configHash, string? parent, CanonicalTriangle derived, double moved, string? explicitId) =>
        new(explicitId ?? Id(configHash, datasets, null), parent, null, configHash, derived.ShoulderWidthMm, derived.ShoulderToPelvisMm,
            derived.ShoulderWidthMm, derived.ShoulderToPelvisMm, moved, datasets, [], SameAsParent: false);
}
