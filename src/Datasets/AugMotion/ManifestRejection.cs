using System.Text.Json.Serialization;

namespace PoseCluster.Datasets.AugMotion;

/// <summary>
/// A sequence that could not be harmonized. A file the loader could not read at all is named by what
/// the loader knew (subject, sequence name), else by its file name; its camera is empty.
/// </summary>
/// <param name="Dataset">Dataset kind name.</param>
/// <param name="Subject">Subject id.</param>
/// <param name="Action">Action or sequence name.</param>
/// <param name="Camera">Camera id.</param>
/// <param name="Reason">Why, in one line.</param>
public sealed record ManifestRejection(
    [property: JsonPropertyName("dataset")] string Dataset,
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("camera")] string Camera,
    [property: JsonPropertyName("reason")] string Reason);
