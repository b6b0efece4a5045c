namespace PoseCluster.Datasets.Tests.Support;

/// <summary>The repository folder: the first parent of the test binaries that holds PoseCluster.sln.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "PoseCluster.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"PoseCluster.sln not found above {AppContext.BaseDirectory}");
    }
}
