using System.Reflection;

namespace PoseCluster.Host.Tests;

/// <summary>
/// ARCHITECTURE §2: dependencies point one way. Host → Actors → {Datasets, Storage, Models, Configuration};
/// Storage → Datasets; Datasets, Models and Configuration depend on nothing of ours.
/// </summary>
public sealed class DependencyDirectionTests
{
    public static TheoryData<string, string[]> Allowed => new()
    {
        { "PoseCluster.Configuration", [] },
        { "PoseCluster.Datasets", [] },
        { "PoseCluster.Models", [] },
        { "PoseCluster.Storage", ["PoseCluster.Datasets"] },
        { "PoseCluster.Actors", ["PoseCluster.Configuration", "PoseCluster.Datasets", "PoseCluster.Storage", "PoseCluster.Models"] },
    };

    [Theory]
    [MemberData(nameof(Allowed))]
    public void Each_project_references_only_the_projects_the_layout_allows(string assembly, string[] allowed)
    {
        var path = Path.Combine(AppContext.BaseDirectory, assembly + ".dll");
        var references = File.Exists(path)
            ? Assembly.LoadFrom(path).GetReferencedAssemblies().Select(a => a.Name!)
            : throw new FileNotFoundException($"{assembly}.dll is not next to the tests", path);
        var ours = references.Where(n => n.StartsWith("PoseCluster.", StringComparison.Ordinal) || n == "posecluster");
        Assert.Empty(ours.Except(allowed));
    }
}
