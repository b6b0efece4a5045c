using PoseCluster.Testing;

namespace PoseCluster.Host.Tests.Cli;

/// <summary>The committed raw-dataset fixtures under tests/fixtures/datasets.</summary>
internal static class DatasetFixtures
{
    /// <summary>The fixture folder of dataset kind <paramref name="name"/> (h36m, mads, 3dhp, aistpp).</summary>
    public static string Path(string name) => System.IO.Path.Combine(RepositoryRoot.Find(), "tests", "fixtures", "datasets", name);
}
