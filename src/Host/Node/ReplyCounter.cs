using Akka.Actor;

namespace PoseCluster.Host.Node;

/// <summary>Counts the replies to a burst of Tells and completes a task at the expected count.</summary>
internal sealed class ReplyCounter : ReceiveActor
{
    private int _received;

    public ReplyCounter(int expected, TaskCompletionSource<int> done)
    {
        ReceiveAny(_ =>
        {
            if (++_received == expected)
            {
                done.TrySetResult(_received);
            }
        });
    }

    /// <summary>Props of a counter of <paramref name="expected"/> replies.</summary>
    public static Props PropsFor(int expected, TaskCompletionSource<int> done) => Props.Create(() => new ReplyCounter(expected, done));
}
