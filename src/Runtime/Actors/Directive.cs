namespace PoseCluster.Runtime.Actors;

/// <summary>What a supervisor does with a child that threw from a message handler or a lifecycle hook.</summary>
public enum Directive
{
    /// <summary>Keep the child's instance and state; continue with its next message (the failing one is dropped).</summary>
    Resume,

    /// <summary>Replace the child's instance with a fresh one after a back-off; queued messages are kept.</summary>
    Restart,

    /// <summary>Stop the child (its watchers get <see cref="Terminated"/>).</summary>
    Stop,

    /// <summary>Fail the supervisor itself with the same exception, so that its own supervisor decides.</summary>
    Escalate,
}
