namespace PoseCluster.Datasets.Sources;

/// <summary>Relative '/'-separated paths inside a dataset folder, as units and fingerprints name files.</summary>
public static class SourcePaths
{
    /// <summary>The path of <paramref name="file"/> relative to <paramref name="directory"/>, '/'-separated.</summary>
    public static string Relative(string directory, string file) =>
        Path.GetRelativePath(directory, file).Replace(Path.DirectorySeparatorChar, '/');

    /// <summary>The absolute path of <paramref name="relativePath"/> under <paramref name="directory"/>.</summary>
    public static string Full(string directory, string relativePath) =>
        Path.Combine(directory, relativePath.Replace('/', Path.DirectorySeparatorChar));
}
