namespace PoseCluster.Storage.Tests;

/// <summary>ARCHITECTURE §2: dependencies point one way (Host → Actors → {Runtime, Datasets, Storage, Models}; Storage → Datasets).</summary>
public sealed class DependencyDirectionTests
{
    [Fact]
    public void PoseCluster_Storage_references_only_the_projects_the_layout_allows()
    {
        string[] allowed = ["PoseCluster.Datasets"];
        var references = typeof(PoseCluster.Storage.AssemblyMarker).Assembly.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => n.StartsWith("PoseCluster.", StringComparison.Ordinal) || n == "posecluster")
            .Order()
            .ToArray();
        Assert.Empty(references.Except(allowed));
    }
}
