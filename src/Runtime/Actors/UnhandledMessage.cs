namespace PoseCluster.Runtime.Actors;

/// <summary>Published on the <see cref="EventStream"/> when an actor has no handler for a message it received.</summary>
/// <param name="Message">The message no handler matched.</param>
/// <param name="Sender">Who sent it, if anyone.</param>
/// <param name="Recipient">The actor that did not handle it.</param>
public sealed record UnhandledMessage(object Message, IActorRef? Sender, IActorRef Recipient);
