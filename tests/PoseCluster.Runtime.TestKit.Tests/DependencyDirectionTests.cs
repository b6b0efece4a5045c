namespace PoseCluster.Runtime.TestKit.Tests;

/// <summary>ARCHITECTURE §2: dependencies point one way (Host → Actors → {Runtime, Datasets, Storage, Models}; Storage → Datasets).</summary>
public sealed class DependencyDirectionTests
{
    [Fact]
    public void PoseCluster_Runtime_TestKit_references_only_the_projects_the_layout_allows()
    {
        string[] allowed = ["PoseCluster.Runtime"];
        var references = typeof(PoseCluster.Runtime.TestKit.AssemblyMarker).Assembly.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => n.StartsWith("PoseCluster.", StringComparison.Ordinal) || n == "posecluster")
            .Order()
            .ToArray();
        Assert.Empty(references.Except(allowed));
    }
}
