using System.Text.Json.Serialization;

namespace PoseCluster.Datasets.Pipeline;

/// <summary>A run of consecutive windows of one sequence inside a shard.</summary>
/// <param name="Sequence">The sequence and where its stage-1 frames are.</param>
/// <param name="Projection">Its stage-2 result (transform, split).</param>
/// <param name="FirstWindow">Index of the first window (in the sequence's window order).</param>
/// <param name="Windows">How many consecutive windows.</param>
public sealed record ShardItem(
    [property: JsonPropertyName("sequence")] CorpusSequence Sequence,
    [property: JsonPropertyName("projection")] SequenceProjection Projection,
    [property: JsonPropertyName("first_window")] int FirstWindow,
    [property: JsonPropertyName("windows")] int Windows);
