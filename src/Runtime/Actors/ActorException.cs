namespace PoseCluster.Runtime.Actors;

/// <summary>Base of every error the actor runtime raises itself (as opposed to errors thrown by actor code).</summary>
public abstract class ActorException : Exception
{
    /// <summary>Creates the exception with a message naming the actor involved.</summary>
    protected ActorException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    protected ActorException(string message, Exception? inner) : base(message, inner)
    {
    }
}
