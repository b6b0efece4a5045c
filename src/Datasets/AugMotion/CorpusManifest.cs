using System.Text.Json;
using System.Text.Json.Serialization;

namespace PoseCluster.Datasets.AugMotion;

/// <summary>
/// The result of harmonizing a corpus: <c>corpus.json</c>, field names exactly as issue 4 lists them.
/// Sequences and rejections are sorted by dataset, subject, action, camera.
/// </summary>
/// <param name="Ms">Mean shoulder width over every valid frame of the corpus, mm.</param>
/// <param name="Msp">Mean shoulder-midpoint→pelvis distance, mm.</param>
/// <param name="Triangle">The canonical reference points.</param>
/// <param name="Sequences">Every harmonized sequence.</param>
/// <param name="Rejected">Every sequence that could not be harmonized, with its reason.</param>
public sealed record CorpusManifest(
    [property: JsonPropertyName("ms")] double Ms,
    [property: JsonPropertyName("msp")] double Msp,
    [property: JsonPropertyName("triangle")] ManifestTriangle Triangle,
    [property: JsonPropertyName("sequences")] IReadOnlyList<ManifestSequence> Sequences,
    [property: JsonPropertyName("rejected")] IReadOnlyList<ManifestRejection> Rejected)
{
    /// <summary>The manifest as corpus.json text (indented).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, IndentedJson.Default.CorpusManifest);

    /// <summary>Reads corpus.json text back.</summary>
    /// <exception cref="JsonException">The text is not a corpus manifest.</exception>
    public static CorpusManifest FromJson(string json) =>
        JsonSerializer.Deserialize(json, IndentedJson.Default.CorpusManifest) ?? throw new JsonException("corpus.json is null");
}
