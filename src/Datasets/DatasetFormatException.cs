namespace PoseCluster.Datasets;

/// <summary>
/// A dataset file that cannot be read as what it claims to be: the base of the Datasets subsystem's
/// errors. The message names the file, the byte offset (when known) and what was expected there.
/// </summary>
public class DatasetFormatException : Exception
{
    /// <summary>An error at <paramref name="offset"/> of <paramref name="filePath"/>.</summary>
    /// <param name="filePath">The file (or archive member, as <c>archive.npz:member.npy</c>) being read.</param>
    /// <param name="offset">Byte offset of the problem inside that file, or null when it has none.</param>
    /// <param name="problem">What was expected and what was found.</param>
    /// <param name="innerException">The lower-level error, if any.</param>
    public DatasetFormatException(string filePath, long? offset, string problem, Exception? innerException = null)
        : base(Compose(filePath, offset, problem), innerException)
    {
        FilePath = filePath;
        Offset = offset;
        Problem = problem;
    }

    /// <summary>The file (or archive member) being read.</summary>
    public string FilePath { get; }

    /// <summary>Byte offset of the problem inside <see cref="FilePath"/>, or null when it has none.</summary>
    public long? Offset { get; }

    /// <summary>What was expected and what was found, without the file and offset.</summary>
    public string Problem { get; }

    private static string Compose(string filePath, long? offset, string problem) =>
        offset is { } at ? $"{filePath}: at byte {at}: {problem}" : $"{filePath}: {problem}";
}
