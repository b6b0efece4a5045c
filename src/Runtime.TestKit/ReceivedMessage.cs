using PoseCluster.Runtime.Actors;

namespace PoseCluster.Runtime.TestKit;

/// <summary>A message the test actor received, with its sender.</summary>
internal sealed record ReceivedMessage(object Message, IActorRef Sender);
