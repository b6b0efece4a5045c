using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PoseCluster.Runtime.Configuration;

namespace PoseCluster.Runtime.Actors;

/// <summary>
/// A hierarchy of actors with its settings, dead letters and event stream. Top-level actors are
/// children of the user guardian (<c>/user</c>) and are supervised with
/// <see cref="ActorSystemSettings.DefaultSupervisorStrategy"/>. <see cref="ShutdownAsync"/> stops them
/// newest first, each after its own children (newest first), within
/// <see cref="ActorSystemSettings.ShutdownTimeout"/>. A system holds no static state: any number can
/// run in one process.
/// </summary>
public sealed class ActorSystem : IAsyncDisposable
{
    private readonly ActorCell _guardian;

    private readonly DeadLetterActorRef _deadLetters;

    // Set once by the first ShutdownAsync (any thread); later calls await the same run.
    private Task<bool>? _shutdown;

    // Guards _shutdown.
    private readonly Lock _shutdownLock = new();

    // Completed at the end of the shutdown, whether every actor stopped in time or not.
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Numbers Ask's temporary refs (any thread, Interlocked).
    private long _nextTemporary;

    private ActorSystem(string name, ActorSystemSettings settings, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        Name = name;
        Settings = settings;
        LoggerFactory = loggerFactory;
        TimeProvider = timeProvider;
        Logger = loggerFactory.CreateLogger<ActorSystem>();
        EventStream = new EventStream();
        _deadLetters = new DeadLetterActorRef(this);
        _guardian = new ActorCell(this, null, Props.Create<GuardianActor>(), ActorPath.Root(name, "user"));
        _guardian.Start();
    }

    /// <summary>The system's name (letters, digits, '-' and '_'); the first element of every path.</summary>
    public string Name { get; }

    /// <summary>The settings the system was created with.</summary>
    public ActorSystemSettings Settings { get; }

    /// <summary>Where actors and the runtime log.</summary>
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>The clock of timers, back-offs and Ask timeouts (a fake one in tests that control time).</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Runtime events (<see cref="DeadLetter"/>, <see cref="UnhandledMessage"/>) and application events.</summary>
    public EventStream EventStream { get; }

    /// <summary>Messages told to this ref are published as <see cref="DeadLetter"/>; it is every actor's sender when there is none.</summary>
    public IActorRef DeadLetters => _deadLetters;

    /// <summary>Completes when the system has shut down (all actors stopped, or the shutdown deadline passed).</summary>
    public Task WhenTerminated => _terminated.Task;

    internal ILogger Logger { get; }

    /// <summary>Creates a running system.</summary>
    /// <param name="name">Letters, digits, '-' and '_'.</param>
    /// <param name="settings">Null means <see cref="ActorSystemSettings.Default"/>.</param>
    /// <param name="loggerFactory">Null means no logging.</param>
    /// <param name="timeProvider">Null means the system clock.</param>
    public static ActorSystem Create(string name, ActorSystemSettings? settings = null, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException($"Actor system name '{name}' may contain only letters, digits, '-' and '_'", nameof(name));
        }

        return new ActorSystem(name, settings ?? ActorSystemSettings.Default, loggerFactory ?? NullLoggerFactory.Instance, timeProvider ?? TimeProvider.System);
    }

    /// <summary>Creates a running system with the settings under <c>posecluster.actors</c> of <paramref name="config"/>.</summary>
    public static ActorSystem Create(string name, Config config, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null) =>
        Create(name, ActorSystemSettings.FromConfig(config), loggerFactory, timeProvider);

    /// <summary>Starts a top-level actor (see <see cref="IActorContext.Spawn"/>).</summary>
    /// <exception cref="InvalidActorNameException">The name is invalid or taken by another top-level actor.</exception>
    /// <exception cref="InvalidOperationException">The system is shutting down.</exception>
    public IActorRef Spawn(Props props, string? name = null) => _guardian.SpawnChild(props, name);

    /// <summary>Stops an actor after the message it is handling (see <see cref="IActorContext.Stop"/>).</summary>
    public void Stop(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        (actor as InternalActorRef)?.SendSystem(Terminate.Instance);
    }

    /// <summary>
    /// Coordinated shutdown: stops the top-level actors newest first, each after its own children
    /// (newest first), and waits at most <see cref="ActorSystemSettings.ShutdownTimeout"/>. Idempotent.
    /// </summary>
    /// <returns>True if every actor stopped before the deadline; false if the deadline passed (the rest keep stopping in the background).</returns>
    public Task<bool> ShutdownAsync(CancellationToken cancellationToken = default)
    {
        lock (_shutdownLock)
        {
            _shutdown ??= RunShutdownAsync();
        }

        return _shutdown.WaitAsync(cancellationToken);
    }

    /// <summary>Shuts the system down (see <see cref="ShutdownAsync"/>).</summary>
    public async ValueTask DisposeAsync() => await ShutdownAsync().ConfigureAwait(false);

    /// <summary>The system's name.</summary>
    public override string ToString() => $"ActorSystem({Name})";

    internal void PublishDeadLetter(DeadLetter deadLetter)
    {
        if (Settings.LogDeadLetters)
        {
            RuntimeLog.DeadLetter(Logger, deadLetter.Message.GetType().Name, deadLetter.Recipient.Path.ToString(), deadLetter.Sender?.Path.ToString() ?? "(none)");
        }

        EventStream.Publish(deadLetter);
    }

    internal ActorPath NewTemporaryPath() =>
        ActorPath.Root(Name, "temp").Child("$" + Interlocked.Increment(ref _nextTemporary).ToString(CultureInfo.InvariantCulture));

    private async Task<bool> RunShutdownAsync()
    {
        RuntimeLog.ShutdownStarted(Logger, Name, Settings.ShutdownTimeout.TotalSeconds);
        _guardian.SendSystem(Terminate.Instance);
        try
        {
            await _guardian.WhenTerminated.WaitAsync(Settings.ShutdownTimeout, TimeProvider).ConfigureAwait(false);
            RuntimeLog.ShutdownCompleted(Logger, Name);
            return true;
        }
        catch (TimeoutException)
        {
            RuntimeLog.ShutdownDeadlinePassed(Logger, Name, Settings.ShutdownTimeout.TotalSeconds);
            return false;
        }
        finally
        {
            _terminated.TrySetResult();
        }
    }
}
