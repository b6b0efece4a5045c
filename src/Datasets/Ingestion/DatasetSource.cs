using System.Text.Json.Serialization;

namespace PoseCluster.Datasets.Ingestion;

/// <summary>
/// A registered dataset: its name (the id of the dataset in the corpus, in clips, shards and the
/// registry; it may differ from the kind, e.g. two Human3.6M copies), its kind (which loader reads it)
/// and its folder.
/// </summary>
/// <param name="Name">Dataset name: 1 to 64 of [A-Za-z0-9._-], not starting with '.'.</param>
/// <param name="Kind">Dataset kind.</param>
/// <param name="Directory">Absolute path of the dataset folder.</param>
public sealed record DatasetSource(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("kind")] DatasetKind Kind,
    [property: JsonPropertyName("directory")] string Directory)
{
    /// <summary>A checked source; the folder path is made absolute.</summary>
    /// <exception cref="ArgumentException">The name is not a valid dataset name.</exception>
    public static DatasetSource Create(string name, DatasetKind kind, string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return NameProblem(name) is { } problem
            ? throw new ArgumentException($"dataset name '{name}': {problem}", nameof(name))
            : new DatasetSource(name, kind, Path.GetFullPath(directory));
    }

    /// <summary>Why <paramref name="name"/> is not a valid dataset name, or null when it is.</summary>
    public static string? NameProblem(string? name) =>
        string.IsNullOrEmpty(name) ? "empty"
        : name.Length > 64 ? "longer than 64 characters"
        : name[0] == '.' ? "starts with '.'"
        : name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-') ? null
        : "only letters, digits, '.', '_' and '-' are allowed";
}
