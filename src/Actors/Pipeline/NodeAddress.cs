using Akka.Actor;

namespace PoseCluster.Actors.Pipeline;

/// <summary>The address of the node an actor runs on, for answers and messages that name it.</summary>
internal static class NodeAddress
{
    /// <summary>This node's address (<c>akka.tcp://posecluster@host:port</c>; <c>akka://…</c> without remoting).</summary>
    public static string Of(ActorSystem system) => ((ExtendedActorSystem)system).Provider.DefaultAddress.ToString();
}
