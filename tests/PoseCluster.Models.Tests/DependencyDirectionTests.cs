namespace PoseCluster.Models.Tests;

/// <summary>ARCHITECTURE §2: dependencies point one way (Host → Actors → {Runtime, Datasets, Storage, Models}; Storage → Datasets).</summary>
public sealed class DependencyDirectionTests
{
    [Fact]
    public void PoseCluster_Models_references_only_the_projects_the_layout_allows()
    {
        string[] allowed = [];
        var references = typeof(PoseCluster.Models.AssemblyMarker).Assembly.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => n.StartsWith("PoseCluster.", StringComparison.Ordinal) || n == "posecluster")
            .Order()
            .ToArray();
        Assert.Empty(references.Except(allowed));
    }
}
