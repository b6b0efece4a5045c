using System.Text.Json;
using System.Text.Json.Serialization;
using PoseCluster.Datasets.Ingestion;

namespace PoseCluster.Datasets.Pipeline;

/// <summary>
/// The index of one unit's stage-1 result (<c>index.json</c> beside the unit's <c>data.bin</c>): what was
/// read, under which settings, and every sequence's small result with the place of its frames. Written
/// after the data object, so an index that exists names complete data. Small: a shard planner reads
/// indexes only, never the frames.
/// </summary>
/// <param name="Format">"posecluster-stage1/1".</param>
/// <param name="Kind">Dataset kind name.</param>
/// <param name="ConfigHash">The kind's <see cref="Stage1Config.Hash"/>.</param>
/// <param name="Unit">The unit id (its primary file, relative).</param>
/// <param name="ContentHash">The unit's content hash (<see cref="ContentHashes.Unit"/>).</param>
/// <param name="Files">The unit's files as they were read.</param>
/// <param name="DataBytes">Size of the data object (0 when no sequence was accepted).</param>
/// <param name="Sequences">Every sequence of the unit in load order, rejected ones included.</param>
public sealed record Stage1UnitIndex(
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("config_hash")] string ConfigHash,
    [property: JsonPropertyName("unit")] string Unit,
    [property: JsonPropertyName("content_hash")] string ContentHash,
    [property: JsonPropertyName("files")] IReadOnlyList<FileHash> Files,
    [property: JsonPropertyName("data_bytes")] long DataBytes,
    [property: JsonPropertyName("sequences")] IReadOnlyList<Stage1Sequence> Sequences)
{
    /// <summary>The format name this build writes and reads.</summary>
    public static string CurrentFormat => $"posecluster-stage1/{Stage1Config.FormatVersion}";

    /// <summary>The index as UTF-8 JSON.</summary>
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, CompactJson.Default.Stage1UnitIndex);

    /// <summary>Reads an index back; <paramref name="name"/> names it in errors.</summary>
    /// <exception cref="Stage1FormatException">Not a stage-1 index of this format.</exception>
    public static Stage1UnitIndex FromJson(ReadOnlySpan<byte> json, string name)
    {
        Stage1UnitIndex? index;
        try
        {
            index = JsonSerializer.Deserialize(json, CompactJson.Default.Stage1UnitIndex);
        }
        catch (JsonException e)
        {
            throw new Stage1FormatException(name, null, $"not a stage-1 index: {e.Message}", e);
        }

        if (index?.Sequences is null || index.Files is null)
        {
            throw new Stage1FormatException(name, null, "not a stage-1 index: sequences or files missing");
        }

        return index.Format == CurrentFormat
            ? index
            : throw new Stage1FormatException(name, null, $"stage-1 format '{index.Format}', this build reads '{CurrentFormat}'");
    }
}
