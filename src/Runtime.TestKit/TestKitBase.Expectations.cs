using System.Diagnostics;
using PoseCluster.Runtime.Actors;

namespace PoseCluster.Runtime.TestKit;

/// <summary>The expectations: each consumes messages from the test actor's queue and throws <see cref="TestKitAssertionException"/> when it does not hold.</summary>
public abstract partial class TestKitBase
{
    /// <summary>Expects the next message to be a <typeparamref name="T"/> (within the timeout) and returns it.</summary>
    public Task<T> ExpectMsgAsync<T>(TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        ExpectMsgAsync<T>(static _ => true, timeout, cancellationToken);

    /// <summary>Expects the next message to be a <typeparamref name="T"/> equal to <paramref name="expected"/>.</summary>
    public Task<T> ExpectMsgAsync<T>(T expected, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        ExpectCoreAsync<T>(m => EqualityComparer<T>.Default.Equals(m, expected), timeout, cancellationToken, $"equal to {expected}");

    /// <summary>Expects the next message to be a <typeparamref name="T"/> for which <paramref name="predicate"/> holds.</summary>
    public Task<T> ExpectMsgAsync<T>(Func<T, bool> predicate, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        ExpectCoreAsync(predicate, timeout, cancellationToken, "matching the predicate");

    /// <summary>Expects no message during <paramref name="duration"/> (default: expect-no-message-default), dilated.</summary>
    public async Task ExpectNoMsgAsync(TimeSpan? duration = null, CancellationToken cancellationToken = default)
    {
        var wait = duration is { } d ? EffectiveTimeout(d) : Dilated(TestKitSettings.ExpectNoMessageDefault);
        if (await TryReceiveAsync(wait, cancellationToken).ConfigureAwait(false) is { } received)
        {
            throw new TestKitAssertionException($"Expected no message for {wait.TotalMilliseconds:0} ms but got {Describe(received)}");
        }
    }

    /// <summary>Expects <see cref="Terminated"/> for <paramref name="target"/> next (the test actor must watch it: see <see cref="Watch"/>).</summary>
    public Task<Terminated> ExpectTerminatedAsync(IActorRef target, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        ExpectCoreAsync<Terminated>(t => ReferenceEquals(t.ActorRef, target) || Equals(t.ActorRef, target), timeout, cancellationToken, $"Terminated of {target.Path}");

    /// <summary>Skips messages until one satisfies <paramref name="isTheMessage"/> (within the timeout) and returns it.</summary>
    public async Task<object> FishForMessageAsync(Func<object, bool> isTheMessage, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(isTheMessage);
        var wait = EffectiveTimeout(timeout);
        var started = Stopwatch.GetTimestamp();
        var skipped = 0;
        while (true)
        {
            var left = wait - Stopwatch.GetElapsedTime(started);
            var received = await TryReceiveAsync(left, cancellationToken).ConfigureAwait(false)
                ?? throw new TestKitAssertionException($"Fished for {wait.TotalMilliseconds:0} ms and skipped {skipped} message(s) without finding the expected one");
            if (isTheMessage(received.Message))
            {
                return received.Message;
            }

            skipped++;
        }
    }

    /// <summary>Skips messages until a <typeparamref name="T"/> satisfying <paramref name="isTheMessage"/> (if given) arrives.</summary>
    public async Task<T> FishForMessageAsync<T>(Func<T, bool>? isTheMessage = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        (T)await FishForMessageAsync(m => m is T typed && (isTheMessage is null || isTheMessage(typed)), timeout, cancellationToken).ConfigureAwait(false);

    /// <summary>Receives exactly <paramref name="count"/> messages within the timeout (for all of them) and returns them in order.</summary>
    public async Task<IReadOnlyList<object>> ReceiveNAsync(int count, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var wait = EffectiveTimeout(timeout);
        var started = Stopwatch.GetTimestamp();
        var messages = new List<object>(count);
        while (messages.Count < count)
        {
            var received = await TryReceiveAsync(wait - Stopwatch.GetElapsedTime(started), cancellationToken).ConfigureAwait(false)
                ?? throw new TestKitAssertionException($"Expected {count} messages within {wait.TotalMilliseconds:0} ms but got {messages.Count}");
            messages.Add(received.Message);
        }

        return messages;
    }

    /// <summary>
    /// Retries <paramref name="assertion"/> every <paramref name="interval"/> (default 100 ms) until it
    /// stops throwing; after <paramref name="duration"/> (dilated) fails with its last exception.
    /// </summary>
    public async Task AwaitAssertAsync(Action assertion, TimeSpan? duration = null, TimeSpan? interval = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        var wait = EffectiveTimeout(duration);
        var pause = interval ?? TimeSpan.FromMilliseconds(100);
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            try
            {
                assertion();
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                var left = wait - Stopwatch.GetElapsedTime(started);
                if (left <= TimeSpan.Zero)
                {
                    throw new TestKitAssertionException($"Assertion did not pass within {wait.TotalMilliseconds:0} ms: {exception.Message}", exception);
                }

                await Task.Delay(left < pause ? left : pause, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds, checking every <paramref name="interval"/>; fails after <paramref name="duration"/> (dilated).</summary>
    public Task AwaitConditionAsync(Func<bool> condition, TimeSpan? duration = null, TimeSpan? interval = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return AwaitAssertAsync(
            () =>
            {
                if (!condition())
                {
                    throw new TestKitAssertionException("The condition is false");
                }
            },
            duration,
            interval,
            cancellationToken);
    }

    /// <summary>Blocking form of <see cref="ExpectMsgAsync{T}(TimeSpan?, CancellationToken)"/>.</summary>
    public T ExpectMsg<T>(TimeSpan? timeout = null) => ExpectMsgAsync<T>(timeout).GetAwaiter().GetResult();

    /// <summary>Blocking form of <see cref="ExpectMsgAsync{T}(T, TimeSpan?, CancellationToken)"/>.</summary>
    public T ExpectMsg<T>(T expected, TimeSpan? timeout = null) => ExpectMsgAsync(expected, timeout).GetAwaiter().GetResult();

    /// <summary>Blocking form of <see cref="ExpectMsgAsync{T}(Func{T, bool}, TimeSpan?, CancellationToken)"/>.</summary>
    public T ExpectMsg<T>(Func<T, bool> predicate, TimeSpan? timeout = null) => ExpectMsgAsync(predicate, timeout).GetAwaiter().GetResult();

    /// <summary>Blocking form of <see cref="ExpectNoMsgAsync"/>.</summary>
    public void ExpectNoMsg(TimeSpan? duration = null) => ExpectNoMsgAsync(duration).GetAwaiter().GetResult();

    /// <summary>Blocking form of <see cref="ExpectTerminatedAsync"/>.</summary>
    public Terminated ExpectTerminated(IActorRef target, TimeSpan? timeout = null) => ExpectTerminatedAsync(target, timeout).GetAwaiter().GetResult();

    /// <summary>Blocking form of <see cref="FishForMessageAsync(Func{object, bool}, TimeSpan?, CancellationToken)"/>.</summary>
    public object FishForMessage(Func<object, bool> isTheMessage, TimeSpan? timeout = null) =>
        FishForMessageAsync(isTheMessage, timeout).GetAwaiter().GetResult();

    /// <summary>Blocking form of <see cref="ReceiveNAsync"/>.</summary>
    public IReadOnlyList<object> ReceiveN(int count, TimeSpan? timeout = null) => ReceiveNAsync(count, timeout).GetAwaiter().GetResult();

    /// <summary>Blocking form of <see cref="AwaitAssertAsync"/>.</summary>
    public void AwaitAssert(Action assertion, TimeSpan? duration = null, TimeSpan? interval = null) =>
        AwaitAssertAsync(assertion, duration, interval).GetAwaiter().GetResult();

    /// <summary>Blocking form of <see cref="AwaitConditionAsync"/>.</summary>
    public void AwaitCondition(Func<bool> condition, TimeSpan? duration = null, TimeSpan? interval = null) =>
        AwaitConditionAsync(condition, duration, interval).GetAwaiter().GetResult();

    private async Task<T> ExpectCoreAsync<T>(Func<T, bool> predicate, TimeSpan? timeout, CancellationToken cancellationToken, string what)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var wait = EffectiveTimeout(timeout);
        var received = await TryReceiveAsync(wait, cancellationToken).ConfigureAwait(false)
            ?? throw new TestKitAssertionException($"Expected a {typeof(T).Name} {what} within {wait.TotalMilliseconds:0} ms but got nothing");
        if (received.Message is not T typed)
        {
            throw new TestKitAssertionException($"Expected a {typeof(T).Name} {what} but got {Describe(received)}");
        }

        if (!predicate(typed))
        {
            throw new TestKitAssertionException($"Expected a {typeof(T).Name} {what} but got {Describe(received)}");
        }

        return typed;
    }

    private static string Describe(ReceivedMessage received) =>
        $"{received.Message.GetType().Name} {received.Message} from {received.Sender.Path}";
}
