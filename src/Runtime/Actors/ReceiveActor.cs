using Microsoft.Extensions.Logging;

namespace PoseCluster.Runtime.Actors;

/// <summary>
/// Base class of every actor. Register handlers in the constructor with <see cref="Receive{T}(Action{T}, Predicate{T})"/> and
/// <see cref="ReceiveAsync{T}(Func{T, Task}, Predicate{T})"/>: for each message the first registered handler whose type (and
/// predicate) matches runs, and the actor takes its next message only after that handler has finished,
/// including an async one. <see cref="Self"/>, <see cref="Sender"/>, <see cref="Context"/>,
/// <see cref="Timers"/> and <see cref="Stash"/> are available from <see cref="PreStart"/> on, not in
/// the constructor.
/// </summary>
public abstract partial class ReceiveActor
{
    // The handler table, in registration order; replaced (never mutated in place) by Become so that a
    // dispatch in progress keeps iterating the table it started with. Touched only by the actor's run loop.
    private List<MessageHandler> _handlers = [];

    // The cell that runs this instance; set once before PreStart (or PostRestart), null while constructing.
    private ActorCell? _cell;

    // The actor's logger, created on first use (most actors never log).
    private ILogger? _log;

    /// <summary>This actor's context: children, watch, the current sender.</summary>
    protected IActorContext Context => Cell;

    /// <summary>This actor.</summary>
    protected IActorRef Self => Cell;

    /// <summary>The sender of the message being handled; the system's dead letters when there is none.</summary>
    protected IActorRef Sender => Cell.Sender;

    /// <summary>Timers that send messages to this actor; cancelled when it restarts or stops.</summary>
    protected ITimerScheduler Timers => Cell.Timers;

    /// <summary>This actor's stash.</summary>
    protected IStash Stash => Cell.Stash;

    /// <summary>A logger whose category is this actor's class.</summary>
    protected ILogger Log => _log ??= Cell.System.LoggerFactory.CreateLogger(GetType());

    private ActorCell Cell => _cell ?? throw new InvalidOperationException(
        $"{GetType().Name}: Self, Sender, Context, Timers and Stash are available from PreStart on, not in the constructor");

    /// <summary>Handles messages of type <typeparamref name="T"/> (for which <paramref name="shouldHandle"/> holds, if given).</summary>
    protected void Receive<T>(Action<T> handler, Predicate<T>? shouldHandle = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _handlers.Add(new SyncHandler<T>(handler, shouldHandle));
    }

    /// <summary>Handles messages of type <typeparamref name="T"/> for which <paramref name="shouldHandle"/> holds (predicate first, as in Akka).</summary>
    protected void Receive<T>(Predicate<T> shouldHandle, Action<T> handler)
    {
        ArgumentNullException.ThrowIfNull(shouldHandle);
        Receive(handler, shouldHandle);
    }

    /// <summary>Handles messages of type <typeparamref name="T"/> for which <paramref name="shouldHandle"/> holds, asynchronously.</summary>
    protected void ReceiveAsync<T>(Predicate<T> shouldHandle, Func<T, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(shouldHandle);
        ReceiveAsync(handler, shouldHandle);
    }

    /// <summary>
    /// Handles messages of type <typeparamref name="T"/> asynchronously: the actor's next message waits
    /// until the returned task completes. An exception from the task is a failure of this actor.
    /// </summary>
    protected void ReceiveAsync<T>(Func<T, Task> handler, Predicate<T>? shouldHandle = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _handlers.Add(new AsyncHandler<T>(handler, shouldHandle));
    }

    /// <summary>Handles every message no earlier handler took (register it last).</summary>
    protected void ReceiveAny(Action<object> handler) => Receive(handler);

    /// <summary>Handles every message no earlier handler took, asynchronously (register it last).</summary>
    protected void ReceiveAnyAsync(Func<object, Task> handler) => ReceiveAsync(handler);

    /// <summary>
    /// Replaces all handlers with those <paramref name="configure"/> registers, from the next message on
    /// (a state machine: <c>Become(Ready)</c> where <c>Ready</c> calls <see cref="Receive{T}(Action{T}, Predicate{T})"/>).
    /// </summary>
    protected void Become(Action configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _handlers = [];
        configure();
    }

    /// <summary>
    /// Called for a message no handler took. By default an unhandled <see cref="Terminated"/> fails the
    /// actor with <see cref="DeathPactException"/>, and anything else is published as an
    /// <see cref="UnhandledMessage"/> on the event stream.
    /// </summary>
    protected virtual void Unhandled(object message)
    {
        if (message is Terminated terminated)
        {
            throw new DeathPactException(terminated.ActorRef.Path);
        }

        Cell.PublishUnhandled(message);
    }

    /// <summary>Called once before the first message (and, by default, by <see cref="PostRestart"/>).</summary>
    protected virtual void PreStart()
    {
    }

    /// <summary>Called once after the actor has stopped: its children have stopped and it takes no more messages.</summary>
    protected virtual void PostStop()
    {
    }

    /// <summary>
    /// Called on the failed instance before it is replaced. By default stops all children (the restart
    /// waits for them) and calls <see cref="PostStop"/>.
    /// </summary>
    /// <param name="reason">The exception that caused the restart.</param>
    /// <param name="message">The message whose handler threw; null if the failure was not in a handler.</param>
    protected virtual void PreRestart(Exception reason, object? message)
    {
        foreach (var child in Context.Children)
        {
            Context.Stop(child);
        }

        PostStop();
    }

    /// <summary>Called on the fresh instance after a restart. By default calls <see cref="PreStart"/>.</summary>
    protected virtual void PostRestart(Exception reason) => PreStart();

    /// <summary>How this actor supervises its children; null (the default) uses the system's default strategy.</summary>
    protected virtual SupervisorStrategy? SupervisorStrategy() => null;

    internal void Attach(ActorCell cell) => _cell = cell;

    internal void InvokePreStart() => PreStart();

    internal void InvokePostStop() => PostStop();

    internal void InvokePreRestart(Exception reason, object? message) => PreRestart(reason, message);

    internal void InvokePostRestart(Exception reason) => PostRestart(reason);

    internal SupervisorStrategy? InvokeSupervisorStrategy() => SupervisorStrategy();

    /// <summary>Runs the first matching handler; a completed ValueTask when it was synchronous.</summary>
    internal ValueTask Dispatch(object message)
    {
        var handlers = _handlers;
        for (var i = 0; i < handlers.Count; i++)
        {
            if (handlers[i].TryHandle(message, out var pending))
            {
                return pending;
            }
        }

        Unhandled(message);
        return default;
    }
}
