namespace PoseCluster.Runtime.Actors;

/// <summary>An <c>Ask</c> got no reply within its timeout (the target may be busy, stopped, or may never reply).</summary>
public sealed class AskTimeoutException : ActorException
{
    /// <summary>Creates the exception for a request to <paramref name="target"/> of type <paramref name="messageType"/>.</summary>
    public AskTimeoutException(ActorPath target, Type messageType, TimeSpan timeout)
        : base($"Ask to {target} with {messageType.Name} got no reply within {timeout.TotalMilliseconds:0} ms")
    {
        Target = target;
        MessageType = messageType;
        Timeout = timeout;
    }

    /// <summary>The actor that did not reply.</summary>
    public ActorPath Target { get; }

    /// <summary>The type of the request.</summary>
    public Type MessageType { get; }

    /// <summary>How long the caller waited.</summary>
    public TimeSpan Timeout { get; }
}
