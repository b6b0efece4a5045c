namespace PoseCluster.Runtime.Actors;

/// <summary>
/// Sets messages aside until the actor is ready for them (typically together with
/// <see cref="ReceiveActor.Become"/>). Unstashed messages are handled before anything still queued, in
/// the order they were stashed. A restart unstashes everything; a stop sends the stash to dead letters.
/// </summary>
public interface IStash
{
    /// <summary>How many messages are stashed.</summary>
    int Count { get; }

    /// <summary>Sets the message being handled aside.</summary>
    void Stash();

    /// <summary>Puts the oldest stashed message back in front of the mailbox.</summary>
    void Unstash();

    /// <summary>Puts every stashed message back in front of the mailbox, oldest first.</summary>
    void UnstashAll();
}
