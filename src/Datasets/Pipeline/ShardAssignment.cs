using System.Globalization;
using System.Text.Json.Serialization;

namespace PoseCluster.Datasets.Pipeline;

/// <summary>
/// One shard of a corpus version as the layout plans it: the unit of work of a shard writer, keyed by
/// (version, split, number). Everything needed to write it is here or in the stage-1 cache, so any node
/// can write it and every node writes the same bytes.
/// </summary>
/// <param name="Version">Corpus version.</param>
/// <param name="Split">train, val or test.</param>
/// <param name="Number">Shard number within the split.</param>
/// <param name="Dataset">The one dataset whose clips the shard holds.</param>
/// <param name="Clips">Clips in the shard.</param>
/// <param name="Items">The windows it holds, in clip order.</param>
public sealed record ShardAssignment(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("split")] string Split,
    [property: JsonPropertyName("number")] int Number,
    [property: JsonPropertyName("dataset")] string Dataset,
    [property: JsonPropertyName("clips")] long Clips,
    [property: JsonPropertyName("items")] IReadOnlyList<ShardItem> Items)
{
    /// <summary>The object key: <c>corpora/&lt;version&gt;/&lt;split&gt;/shard-NNNNN.arrow</c>.</summary>
    [JsonIgnore]
    public string Key => KeyOf(Version, Split, Number);

    /// <summary>The object key of shard <paramref name="number"/> of a split of a version.</summary>
    public static string KeyOf(string version, string split, int number) =>
        string.Create(CultureInfo.InvariantCulture, $"corpora/{version}/{split}/shard-{number:D5}.arrow");
}
