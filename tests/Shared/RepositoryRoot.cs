namespace PoseCluster.Testing;

/// <summary>The checkout the tests run from: the folder holding PoseCluster.sln above the test binaries.</summary>
internal static class RepositoryRoot
{
    /// <summary>The repository's root folder; fixtures and tools are found relative to it.</summary>
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PoseCluster.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("PoseCluster.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>config/hocon/reference.conf of the checkout, for tests that compare code defaults with it.</summary>
    public static string ReferenceConf() => Path.Combine(Find(), "config", "hocon", "reference.conf");
}
