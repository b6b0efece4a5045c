namespace PoseCluster.Datasets.Sources;

/// <summary>
/// What a loader reads from one dataset folder, found from the folder listing and the small list files
/// (e.g. AIST++'s ignore list) only: the units in load order and the list files with their SHA-256.
/// </summary>
/// <param name="Kind">The dataset kind.</param>
/// <param name="Directory">The dataset folder (absolute).</param>
/// <param name="ListFiles">Relative path → lower-case hex SHA-256 of each list file the layout read whole.</param>
/// <param name="Units">Every unit in load order, skipped ones included (with their reason).</param>
public sealed record DatasetLayout(
    DatasetKind Kind,
    string Directory,
    IReadOnlyDictionary<string, string> ListFiles,
    IReadOnlyList<SourceUnit> Units)
{
    /// <summary>Every file the loader reads for stage 1 (list files and the files of the units it does not skip), ordinal order, no duplicates.</summary>
    public IReadOnlyList<string> Files() =>
        [.. ListFiles.Keys.Concat(Units.Where(u => u.SkipReason is null).SelectMany(u => u.Files)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>The absolute path of a relative one.</summary>
    public string FullPath(string relativePath) => SourcePaths.Full(Directory, relativePath);
}
