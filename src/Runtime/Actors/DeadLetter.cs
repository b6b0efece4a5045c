namespace PoseCluster.Runtime.Actors;

/// <summary>
/// Published on the <see cref="EventStream"/> for every message that could not be delivered: its
/// recipient had stopped (or never existed), or it was still queued or stashed when the recipient stopped.
/// </summary>
/// <param name="Message">The undelivered message.</param>
/// <param name="Sender">Who sent it, if anyone.</param>
/// <param name="Recipient">The actor it was meant for.</param>
public sealed record DeadLetter(object Message, IActorRef? Sender, IActorRef Recipient);
