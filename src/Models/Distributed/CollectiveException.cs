namespace PoseCluster.Models.Distributed;

/// <summary>
/// A rendezvous or collective of a <see cref="ProcessGroup"/> failed. After <see cref="CollectiveFailure.PeerLost"/>
/// or <see cref="CollectiveFailure.Timeout"/> the group is unusable: the attempt ends on every rank and a new
/// one starts from the latest checkpoint (ARCHITECTURE §7).
/// </summary>
public sealed class CollectiveException : Exception
{
    /// <summary>Creates the exception for a failure kind and Gloo's message.</summary>
    public CollectiveException(CollectiveFailure failure, string message, Exception? inner = null)
        : base(message, inner)
    {
        Failure = failure;
    }

    /// <summary>Why it failed.</summary>
    public CollectiveFailure Failure { get; }
}
