namespace PoseCluster.Datasets.Sources;

/// <summary>How loaders report a bad file: a typed error, or a skipped sequence whose reason names the file.</summary>
internal static class SourceErrors
{
    /// <summary>A content error in a dataset file that is not a byte-level format error (a missing key, a wrong shape).</summary>
    public static DatasetFormatException Format(string file, string message) => new(file, null, message);

    /// <summary>Errors that make one sequence unreadable without failing the dataset: bad files and I/O failures, not bugs.</summary>
    public static bool IsBadSequence(Exception e) =>
        e is DatasetFormatException or IOException or UnauthorizedAccessException or InvalidDataException;

    /// <summary>A skip reason that names the file.</summary>
    public static string Reason(string file, Exception e) => SourcePaths.Reason(file, e);

    /// <summary>
    /// Runs one sequence's load; a bad file becomes a skipped result, named by <paramref name="subject"/> and
    /// <paramref name="sequenceName"/> when known, instead of failing the dataset.
    /// </summary>
    public static SequenceLoadResult Guard(string source, Func<SequenceLoadResult> load, string? subject = null, string? sequenceName = null)
    {
        try
        {
            return load();
        }
        catch (Exception e) when (IsBadSequence(e))
        {
            return SequenceLoadResult.Skipped(source, Reason(FileOf(source), e), subject, sequenceName);
        }
    }

    /// <summary>The file part of a source such as "/data/annot.mat#camera 3".</summary>
    private static string FileOf(string source) => source.Split('#')[0];
}
