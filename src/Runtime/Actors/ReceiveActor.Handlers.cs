namespace PoseCluster.Runtime.Actors;

public abstract partial class ReceiveActor
{
    /// <summary>One row of the handler table.</summary>
    private abstract class MessageHandler
    {
        /// <summary>Runs the handler if it matches; <paramref name="pending"/> is its completion.</summary>
        public abstract bool TryHandle(object message, out ValueTask pending);
    }

    private sealed class SyncHandler<T>(Action<T> handler, Predicate<T>? shouldHandle) : MessageHandler
    {
        public override bool TryHandle(object message, out ValueTask pending)
        {
            pending = default;
            if (message is not T typed || (shouldHandle is not null && !shouldHandle(typed)))
            {
                return false;
            }

            handler(typed);
            return true;
        }
    }

    private sealed class AsyncHandler<T>(Func<T, Task> handler, Predicate<T>? shouldHandle) : MessageHandler
    {
        public override bool TryHandle(object message, out ValueTask pending)
        {
            if (message is not T typed || (shouldHandle is not null && !shouldHandle(typed)))
            {
                pending = default;
                return false;
            }

            pending = new ValueTask(handler(typed) ?? Task.CompletedTask);
            return true;
        }
    }
}
