using PoseCluster.Runtime.Configuration;

namespace PoseCluster.Runtime.Tests;

/// <summary>ARCHITECTURE §2: Runtime depends on nothing of ours.</summary>
public sealed class DependencyDirectionTests
{
    [Fact]
    public void PoseCluster_Runtime_references_no_other_PoseCluster_project()
    {
        var references = typeof(Config).Assembly.GetReferencedAssemblies().Select(a => a.Name!);
        Assert.DoesNotContain(references, n => n.StartsWith("PoseCluster.", StringComparison.Ordinal));
    }
}
