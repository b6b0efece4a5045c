namespace PoseCluster.Actors.Serialization;

/// <summary>
/// Marks a message that may cross nodes, or an event or snapshot a persistent actor stores: Akka
/// serializes every such type with <see cref="ClusterMessageSerializer"/> (System.Text.Json, bound in
/// reference.conf). Implement it on sealed records whose properties round-trip through System.Text.Json
/// (docs/CLUSTER.md, "Messages and events").
/// </summary>
#pragma warning disable CA1040 // A marker interface is what Akka's serialization-bindings match on.
public interface IClusterMessage;
#pragma warning restore CA1040
