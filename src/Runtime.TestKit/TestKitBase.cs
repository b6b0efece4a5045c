using System.Diagnostics;
using System.Threading.Channels;
using PoseCluster.Runtime.Actors;

namespace PoseCluster.Runtime.TestKit;

/// <summary>
/// Expectations about the messages one test actor receives; shared by <see cref="TestKit"/> (whose
/// actor is <see cref="TestActor"/>) and <see cref="TestProbe"/>. Every timeout is dilated by
/// <see cref="TestKitSettings.TimeFactor"/>; inside <see cref="WithinAsync(TimeSpan, Func{Task})"/>
/// expectations wait at most until the block's deadline. Each method has an async form (preferred in
/// async tests) and a blocking form. Use one instance from one test at a time.
/// </summary>
public abstract partial class TestKitBase
{
    // Everything the test actor received and no expectation consumed yet; the actor writes, the test reads.
    private readonly Channel<ReceivedMessage> _queue = Channel.CreateUnbounded<ReceivedMessage>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    // The test actor; set once in InitializeTestActor.
    private IActorRef? _testActor;

    // The deadline of the innermost Within block, if any (test thread only).
    private DateTimeOffset? _withinDeadline;

    private protected TestKitBase(TestKitSettings settings)
    {
        TestKitSettings = settings;
    }

    /// <summary>The TestKit's timing settings.</summary>
    public TestKitSettings TestKitSettings { get; }

    /// <summary>The system under test.</summary>
    public abstract ActorSystem Sys { get; }

    /// <summary>The actor whose messages the expectations read: pass it as a sender or as a collaborator.</summary>
    public IActorRef TestActor => _testActor ?? throw new InvalidOperationException("The test actor is not started yet");

    /// <summary>The sender of the last message an expectation consumed (dead letters before the first).</summary>
    public IActorRef LastSender { get; private set; } = null!;

    /// <summary>How many received messages no expectation has consumed yet.</summary>
    public int QueuedMessageCount => _queue.Reader.Count;

    /// <summary><paramref name="duration"/> multiplied by the time factor.</summary>
    public TimeSpan Dilated(TimeSpan duration) => TestKitSettings.Dilated(duration);

    /// <summary>The time left in the innermost <c>Within</c> block, or the default expectation timeout outside one.</summary>
    public TimeSpan RemainingOrDefault => _withinDeadline is { } deadline
        ? Max(deadline - TimeProvider.System.GetUtcNow(), TimeSpan.Zero)
        : Dilated(TestKitSettings.SingleExpectDefault);

    /// <summary>Makes the test actor watch <paramref name="actor"/>: its <see cref="Terminated"/> arrives as a message.</summary>
    public IActorRef Watch(IActorRef actor)
    {
        TestActor.Tell(new TestActor.WatchRequest(actor));
        return actor;
    }

    /// <summary>Makes the test actor stop watching <paramref name="actor"/>.</summary>
    public IActorRef Unwatch(IActorRef actor)
    {
        TestActor.Tell(new TestActor.UnwatchRequest(actor));
        return actor;
    }

    /// <summary>Sends <paramref name="message"/> to the sender of the last consumed message, from the test actor.</summary>
    public void Reply(object message) => LastSender.Tell(message, TestActor);

    /// <summary>Sends <paramref name="message"/> to <paramref name="target"/> with the last consumed message's sender.</summary>
    public void Forward(IActorRef target, object message) => target.Tell(message, LastSender);

    /// <summary>Runs <paramref name="block"/> and fails if it takes longer than <paramref name="max"/> (dilated); expectations inside wait at most until then.</summary>
    public Task WithinAsync(TimeSpan max, Func<Task> block) =>
        WithinAsync(max, async () =>
        {
            await block().ConfigureAwait(false);
            return true;
        });

    /// <summary>Runs <paramref name="block"/> within <paramref name="max"/> (dilated) and returns its result.</summary>
    public async Task<T> WithinAsync<T>(TimeSpan max, Func<Task<T>> block)
    {
        ArgumentNullException.ThrowIfNull(block);
        var dilated = Dilated(max);
        var started = Stopwatch.GetTimestamp();
        var outer = _withinDeadline;
        var deadline = TimeProvider.System.GetUtcNow() + dilated;
        _withinDeadline = outer is { } o && o < deadline ? o : deadline;
        try
        {
            var result = await block().ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (elapsed > dilated)
            {
                throw new TestKitAssertionException($"Within({dilated.TotalMilliseconds:0} ms) block took {elapsed.TotalMilliseconds:0} ms");
            }

            return result;
        }
        finally
        {
            _withinDeadline = outer;
        }
    }

    /// <summary>Blocking form of <see cref="WithinAsync(TimeSpan, Func{Task})"/>.</summary>
    public void Within(TimeSpan max, Action block)
    {
        ArgumentNullException.ThrowIfNull(block);
        WithinAsync(max, () =>
        {
            block();
            return Task.CompletedTask;
        }).GetAwaiter().GetResult();
    }

    /// <summary>Blocking form of <see cref="WithinAsync{T}(TimeSpan, Func{Task{T}})"/>.</summary>
    public T Within<T>(TimeSpan max, Func<T> block)
    {
        ArgumentNullException.ThrowIfNull(block);
        return WithinAsync(max, () => Task.FromResult(block())).GetAwaiter().GetResult();
    }

    /// <summary>Starts the test actor under <paramref name="system"/> with the given name.</summary>
    private protected void InitializeTestActor(ActorSystem system, string name)
    {
        LastSender = system.DeadLetters;
        var writer = _queue.Writer;
        _testActor = system.Spawn(Props.Create(() => new TestActor(writer)), name);
    }

    /// <summary>The wait for one expectation: the given timeout (or the default), dilated, never past a Within deadline.</summary>
    private protected TimeSpan EffectiveTimeout(TimeSpan? timeout)
    {
        if (timeout is not { } given)
        {
            return RemainingOrDefault;
        }

        var dilated = Dilated(given);
        return _withinDeadline is null ? dilated : Min(dilated, RemainingOrDefault);
    }

    /// <summary>The next received message within <paramref name="timeout"/> (already effective), or null.</summary>
    private protected async Task<ReceivedMessage?> TryReceiveAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_queue.Reader.TryRead(out var received))
        {
            LastSender = received.Sender;
            return received;
        }

        if (timeout <= TimeSpan.Zero)
        {
            return null;
        }

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            received = await _queue.Reader.ReadAsync(timeoutSource.Token).ConfigureAwait(false);
            LastSender = received.Sender;
            return received;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
