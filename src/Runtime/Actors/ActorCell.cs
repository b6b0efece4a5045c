using System.Collections.Concurrent;
using System.Threading.Channels;

namespace PoseCluster.Runtime.Actors;

/// <summary>
/// One actor's machinery: its mailbox, its run loop, its children, watchers and timers. The cell is
/// also the actor's ref (it outlives restarts, which only replace <see cref="_actor"/>).
/// <para>
/// Threading: any thread may call <see cref="Tell"/> and <see cref="SendSystem"/>. Everything else runs
/// on the run loop (<see cref="RunAsync"/>), one step at a time, so the fields marked "run loop only"
/// need no lock. System messages are handled before user messages; while the actor is suspended
/// (failed, backing off, restarting, stopping) user messages are read ahead into <see cref="_held"/>
/// and keep their order.
/// </para>
/// </summary>
internal sealed partial class ActorCell : InternalActorRef, IActorContext
{
    private readonly ActorSystem _system;

    // The supervisor; null only for the user guardian.
    private readonly ActorCell? _parent;

    private readonly Props _props;

    private readonly ActorPath _path;

    // User messages and WakeUp markers. Any thread writes; only the run loop reads. Completed when the
    // actor has stopped, so that later writes fail and become dead letters.
    private readonly Channel<Envelope> _mailbox = Channel.CreateUnbounded<Envelope>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false, AllowSynchronousContinuations = false });

    // System messages. Any thread enqueues (under _systemLock); only the run loop dequeues.
    private readonly ConcurrentQueue<SystemMessage> _systemMessages = new();

    // Makes "enqueue a system message" and "mark terminated" mutually exclusive, so that every system
    // message is either handled by the run loop or, after the stop, answered as a dead actor would (a
    // Watch on a stopped actor is answered with its death at once).
    private readonly Lock _systemLock = new();

    // True once the actor has stopped for good; written once under _systemLock, read by any thread.
    private volatile bool _isTerminated;

    // Completes after the actor stopped and its watchers and parent were sent the notification.
    private readonly TaskCompletionSource _whenTerminated = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Run loop only: the current instance; null before creation and after the stop.
    private ReceiveActor? _actor;

    // Run loop only: what the loop may do next.
    private CellState _state = CellState.Starting;

    // Run loop only: the message being handled (its sender is Context.Sender).
    private Envelope _current;

    // Run loop only: user messages to handle before the channel's (read ahead while suspended, or unstashed).
    private Queue<Envelope>? _held;

    // Run loop only: timers (created on first use).
    private TimerScheduler? _timers;

    // Run loop only: the stash (created on first use).
    private StashBuffer? _stash;

    internal ActorCell(ActorSystem system, ActorCell? parent, Props props, ActorPath path)
    {
        _system = system;
        _parent = parent;
        _props = props;
        _path = path;
    }

    private enum CellState
    {
        /// <summary>The first instance is not created yet.</summary>
        Starting,

        /// <summary>Handling user messages.</summary>
        Running,

        /// <summary>Failed; waiting for the supervisor's decision.</summary>
        Suspended,

        /// <summary>Restarting; waiting for the back-off to elapse and for the children that PreRestart stopped.</summary>
        Restarting,

        /// <summary>Stopping; waiting for the children to stop, newest first.</summary>
        Stopping,

        /// <summary>Stopped for good; the run loop has ended.</summary>
        Terminated,
    }

    public override ActorPath Path => _path;

    public override ActorSystem System => _system;

    public override bool IsTerminated => _isTerminated;

    /// <summary>Completes when the actor has stopped and its watchers were told.</summary>
    internal Task WhenTerminated => _whenTerminated.Task;

    internal ITimerScheduler Timers => _timers ??= new TimerScheduler(this);

    internal IStash Stash => _stash ??= new StashBuffer(this);

    /// <summary>The envelope being handled (for stash).</summary>
    internal Envelope CurrentEnvelope => _current;

    public override void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        // A timer racing with the stop is no one's lost message: only user messages become dead letters.
        if (!_mailbox.Writer.TryWrite(new Envelope(message, sender)) && message is not (TimerMessage or ReceiveTimeoutTick))
        {
            _system.PublishDeadLetter(new DeadLetter(message, sender, this));
        }
    }

    public override void SendSystem(SystemMessage message)
    {
        lock (_systemLock)
        {
            if (!_isTerminated)
            {
                _systemMessages.Enqueue(message);
                goto Wake;
            }
        }

        HandleSystemMessageWhenDead(message);
        return;

    Wake:
        // Outside the lock: if the actor stops in between, the write fails, and the stop drains the queue.
        _mailbox.Writer.TryWrite(new Envelope(WakeUp.Instance, null));
    }

    /// <summary>Starts the run loop on the thread pool.</summary>
    internal void Start() => _ = Task.Run(RunAsync);

    private async Task RunAsync()
    {
        try
        {
            CreateInstance(restartCause: null);
            var reader = _mailbox.Reader;
            var throughput = _system.Settings.Throughput;
            var budget = throughput;
            while (_state != CellState.Terminated)
            {
                if (!_systemMessages.IsEmpty)
                {
                    ProcessSystemMessages();
                    continue;
                }

                Envelope envelope;
                if (_state == CellState.Running && _held is { Count: > 0 })
                {
                    envelope = _held.Dequeue();
                }
                else if (reader.TryRead(out envelope))
                {
                    if (ReferenceEquals(envelope.Message, WakeUp.Instance))
                    {
                        continue;
                    }

                    if (_state != CellState.Running)
                    {
                        (_held ??= new Queue<Envelope>()).Enqueue(envelope);
                        continue;
                    }
                }
                else
                {
                    budget = throughput;
                    await reader.WaitToReadAsync().ConfigureAwait(false);
                    continue;
                }

                var pending = Invoke(envelope);
                if (!pending.IsCompletedSuccessfully)
                {
                    await AwaitHandlerAsync(pending, envelope.Message).ConfigureAwait(false);
                }

                OnMessageHandled();

                // Fairness: a busy actor lets the others on its thread run now and then.
                if (--budget == 0)
                {
                    budget = throughput;
                    await Task.Yield();
                }
            }
        }
        catch (Exception exception)
        {
            // A bug in the runtime itself, not in actor code (that is caught per message): stop cleanly.
            RuntimeLog.RunLoopCrashed(_system.Logger, exception, _path.ToString());
            if (_state != CellState.Terminated)
            {
                FinishStop();
            }
        }
    }

    /// <summary>Hands one user message to the actor; the returned task is pending only for an async handler.</summary>
    private ValueTask Invoke(Envelope envelope)
    {
        var message = envelope.Message;
        _current = envelope;
        try
        {
            switch (message)
            {
                case TimerMessage timer:
                    if (!_timers!.TryTakeForDelivery(timer))
                    {
                        return default;
                    }

                    message = timer.Message;
                    _current = new Envelope(message, envelope.Sender);
                    break;
                case DeliverTerminated deliver:
                    if (!TakeTerminatedForDelivery(deliver.Actor))
                    {
                        return default;
                    }

                    message = new Terminated(deliver.Actor);
                    _current = new Envelope(message, deliver.Actor);
                    break;
                case ReceiveTimeoutTick:
                    if (!TakeReceiveTimeoutTick())
                    {
                        return default;
                    }

                    message = ReceiveTimeout.Instance;
                    _current = new Envelope(message, null);
                    break;
                case PoisonPill:
                    BeginStop();
                    return default;
                case Kill:
                    throw new ActorKilledException(_path);
            }

            return _actor!.Dispatch(message);
        }
        catch (Exception exception)
        {
            Fail(exception, message);
            return default;
        }
    }

    private async ValueTask AwaitHandlerAsync(ValueTask pending, object message)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Fail(exception, message);
        }
    }

    private void ProcessSystemMessages()
    {
        while (_state != CellState.Terminated && _systemMessages.TryDequeue(out var message))
        {
            switch (message)
            {
                case Terminate:
                    BeginStop();
                    break;
                case Watch watch:
                    HandleWatch(watch);
                    break;
                case Unwatch unwatch:
                    HandleUnwatch(unwatch);
                    break;
                case DeathWatchNotification notification:
                    HandleDeathWatchNotification(notification);
                    break;
                case Failed failed:
                    HandleChildFailed(failed);
                    break;
                case Resume:
                    HandleResume();
                    break;
                case Recreate recreate:
                    HandleRecreate(recreate);
                    break;
                case BackoffElapsed elapsed:
                    HandleBackoffElapsed(elapsed);
                    break;
            }
        }
    }

    /// <summary>Answers a system message that reached an actor that has already stopped.</summary>
    private void HandleSystemMessageWhenDead(SystemMessage message)
    {
        switch (message)
        {
            case Watch watch when !ReferenceEquals(watch.Watcher, this):
                watch.Watcher.SendSystem(new DeathWatchNotification(this));
                break;
            case Failed failed:
                // The parent is gone, so nobody will decide: stop the orphan.
                failed.Child.SendSystem(Terminate.Instance);
                break;
        }
    }

    /// <summary>Makes an instance (at start, or fresh for a restart) and runs PreStart or PostRestart.</summary>
    private void CreateInstance(Exception? restartCause)
    {
        try
        {
            var actor = _props.NewActor();
            _actor = actor;
            actor.Attach(this);
            if (restartCause is null)
            {
                actor.InvokePreStart();
            }
            else
            {
                actor.InvokePostRestart(restartCause);
            }

            _state = CellState.Running;
        }
        catch (Exception exception)
        {
            _state = CellState.Running; // Fail() suspends from here
            Fail(new ActorInitializationException(_path, exception), message: null);
        }
    }

    /// <summary>Puts <paramref name="envelopes"/> in front of everything still queued, in their order (unstash).</summary>
    internal void PrependToHeld(IReadOnlyCollection<Envelope> envelopes)
    {
        if (envelopes.Count == 0)
        {
            return;
        }

        var held = new Queue<Envelope>(envelopes.Count + (_held?.Count ?? 0));
        foreach (var envelope in envelopes)
        {
            held.Enqueue(envelope);
        }

        while (_held is { Count: > 0 })
        {
            held.Enqueue(_held.Dequeue());
        }

        _held = held;
    }

    internal void PublishUnhandled(object message)
    {
        var unhandled = new UnhandledMessage(message, _current.Sender, this);
        RuntimeLog.Unhandled(_system.Logger, message.GetType().Name, _path.ToString());
        _system.EventStream.Publish(unhandled);
    }
}
