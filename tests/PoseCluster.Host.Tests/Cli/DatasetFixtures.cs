namespace PoseCluster.Host.Tests.Cli;

/// <summary>The committed raw-dataset fixtures under tests/fixtures/datasets.</summary>
internal static class DatasetFixtures
{
    /// <summary>The fixture folder of dataset kind <paramref name="name"/> (h36m, mads, 3dhp, aistpp).</summary>
    public static string Path(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "PoseCluster.sln")))
            {
                return System.IO.Path.Combine(dir.FullName, "tests", "fixtures", "datasets", name);
            }
        }

        throw new InvalidOperationException("PoseCluster.sln not found");
    }
}
