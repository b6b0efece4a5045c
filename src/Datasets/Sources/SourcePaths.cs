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

    /// <summary>
    /// <paramref name="text"/> (a reason or a source) with every absolute mention of a file under
    /// <paramref name="directory"/> made relative, so that results do not depend on where the folder is.
    /// </summary>
    public static string RelativeText(string directory, string text)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(text);
        var prefix = directory.EndsWith(Path.DirectorySeparatorChar) ? directory : directory + Path.DirectorySeparatorChar;
        return text.Replace(prefix, "", StringComparison.Ordinal);
    }

    /// <summary>A one-line reason for a failure with <paramref name="file"/> that names the file.</summary>
    public static string Reason(string file, Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var message = error.Message.ReplaceLineEndings(" ").Trim();
        return message.Contains(file, StringComparison.Ordinal) ? message : $"{file}: {message}";
    }
}
