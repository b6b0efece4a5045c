using System.Threading.Channels;
using PoseCluster.Runtime.Actors;

namespace PoseCluster.Runtime.TestKit;

/// <summary>The actor behind a TestKit or probe: queues everything it receives for the test to inspect.</summary>
internal sealed class TestActor : ReceiveActor
{
    public TestActor(ChannelWriter<ReceivedMessage> queue)
    {
        Receive<WatchRequest>(request => Context.Watch(request.Target));
        Receive<UnwatchRequest>(request => Context.Unwatch(request.Target));
        ReceiveAny(message => queue.TryWrite(new ReceivedMessage(message, Sender)));
    }

    /// <summary>Makes the test actor watch <paramref name="Target"/> (its Terminated lands in the queue).</summary>
    internal sealed record WatchRequest(IActorRef Target);

    /// <summary>Makes the test actor stop watching <paramref name="Target"/>.</summary>
    internal sealed record UnwatchRequest(IActorRef Target);
}
