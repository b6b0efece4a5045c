namespace PoseCluster.Actors;

/// <summary>Names this assembly in code (tests of the dependency direction, reflection) without naming a real type.</summary>
public sealed class AssemblyMarker
{
    private AssemblyMarker()
    {
    }
}
