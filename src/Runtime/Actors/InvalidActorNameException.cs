namespace PoseCluster.Runtime.Actors;

/// <summary>A name given to <c>Spawn</c> is empty, contains '/' or starts with '$', or a sibling already uses it.</summary>
public sealed class InvalidActorNameException : ActorException
{
    /// <summary>Creates the exception with a message naming the parent and the rejected name.</summary>
    public InvalidActorNameException(string message) : base(message)
    {
    }
}
