namespace PoseCluster.Storage.Tests;

/// <summary>Paths the tests need, found from the test binaries, never from the working directory.</summary>
internal static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Fixture(string name) => Path.Combine(RepositoryRoot, "tests", "PoseCluster.Storage.Tests", "Fixtures", name);

    public static string NewTemporaryFolder()
    {
        var path = Path.Combine(Path.GetTempPath(), "posecluster-storage-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    private static string FindRoot()
    {
        return PoseCluster.Testing.RepositoryRoot.Find();
    }
}
