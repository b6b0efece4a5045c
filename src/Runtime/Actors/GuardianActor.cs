namespace PoseCluster.Runtime.Actors;

/// <summary>The parent of top-level actors (<c>/user</c>): handles nothing, supervises with the system's default strategy.</summary>
internal sealed class GuardianActor : ReceiveActor
{
}
