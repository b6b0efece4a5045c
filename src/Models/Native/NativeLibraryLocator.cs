namespace PoseCluster.Models.Native;

/// <summary>
/// Finds libposecluster_native.so: next to the app (AppContext.BaseDirectory) or in the folder named by
/// POSECLUSTER_NATIVE_DIR.
/// </summary>
internal static class NativeLibraryLocator
{
    /// <summary>The file name `make native` builds.</summary>
    public const string FileName = "libposecluster_native.so";

    /// <summary>The environment variable naming an extra folder to look in.</summary>
    public const string DirectoryVariable = "POSECLUSTER_NATIVE_DIR";

    /// <summary>The folders searched, in order.</summary>
    public static IReadOnlyList<string> CandidateDirectories()
    {
        var directories = new List<string> { AppContext.BaseDirectory };
        if (Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } configured)
        {
            directories.Add(configured);
        }

        return directories;
    }

    /// <summary>The full path of the library in the first folder that has it; a NativeException naming every folder tried otherwise.</summary>
    public static string Locate(IReadOnlyList<string> directories)
    {
        foreach (var directory in directories)
        {
            var path = Path.Combine(directory, FileName);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new NativeException(
            NativeStatus.LibraryMissing,
            $"{FileName} not found in {string.Join(", ", directories.Select(d => $"'{d}'"))}; build it with `make native` " +
            $"(needs libtorch-dev) or set {DirectoryVariable} to the folder that holds it");
    }
}
