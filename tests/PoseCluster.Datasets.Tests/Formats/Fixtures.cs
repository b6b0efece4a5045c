namespace PoseCluster.Datasets.Tests.Formats;

/// <summary>The committed format fixtures under tests/fixtures/formats (written by make_fixtures.py).</summary>
internal static class Fixtures
{
    public static string Root { get; } = FindRoot();

    public static string Path(string relative) => System.IO.Path.Combine(Root, relative);

    /// <summary>The values make_fixtures.py's <c>values()</c> gives for a dtype and element count, as doubles in C order.</summary>
    public static double[] Values(string dtype, int count) => Enumerable.Range(0, count).Select(i => dtype switch
    {
        "bool" => i % 3 == 0 ? 1.0 : 0.0,
        _ when dtype.StartsWith("float", StringComparison.Ordinal) => (i * 1.25) - 2.5,
        _ when dtype.StartsWith("int", StringComparison.Ordinal) => (i * 7) - 11,
        _ => (i * 5) + 3,
    }).ToArray();

    private static string FindRoot()
    {
        return System.IO.Path.Combine(PoseCluster.Testing.RepositoryRoot.Find(), "tests", "fixtures", "formats");
    }
}
