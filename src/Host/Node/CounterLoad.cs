using System.Diagnostics;
using Akka.Actor;
using PoseCluster.Actors.Counters;

namespace PoseCluster.Host.Node;

/// <summary>
/// The benchmark's load driver, run inside a node (<c>POST /api/counters/load</c>): a burst of sharded
/// messages to the demo counters, as Tells (every reply counted by one actor) or as Asks with a fixed
/// number in flight. Every counter is read once first, so shards are allocated and entities recovered
/// before the clock starts.
/// </summary>
internal static class CounterLoad
{
    private const int WarmUpAttempts = 15;

    /// <summary>Runs <paramref name="request"/> against <paramref name="region"/>.</summary>
    public static async Task<CounterLoadResult> RunAsync(ActorSystem system, IActorRef region, CounterLoadRequest request, TimeSpan askTimeout, CancellationToken cancellationToken)
    {
        await WarmUpAsync(region, request.Counters, askTimeout, cancellationToken).ConfigureAwait(false);
        var run = Guid.NewGuid().ToString("N")[..8];
        object Message(int i)
        {
            var counter = $"load-{i % request.Counters}";
            return request.Message == "read" ? new GetCounterValue(counter) : new Increment(counter, $"load:{run}:{i}", 1);
        }

        var clock = Stopwatch.StartNew();
        var replies = request.Pattern == "tell"
            ? await TellAsync(system, region, request.Messages, Message, cancellationToken).ConfigureAwait(false)
            : await AskAsync(region, request.Messages, request.InFlight, Message, askTimeout, cancellationToken).ConfigureAwait(false);
        var seconds = clock.Elapsed.TotalSeconds;
        return new CounterLoadResult(request.Pattern, request.Message, request.Messages, request.Counters, request.InFlight, replies, seconds, replies / seconds);
    }

    private static async Task WarmUpAsync(IActorRef region, int counters, TimeSpan askTimeout, CancellationToken cancellationToken)
    {
        using var gate = new SemaphoreSlim(64);
        await Task.WhenAll(Enumerable.Range(0, counters).Select(async i =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // Shards are allocated and counters recovered on first use: that may take several ask timeouts.
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        await region.Ask<CounterValue>(new GetCounterValue($"load-{i}"), askTimeout, cancellationToken).ConfigureAwait(false);
                        break;
                    }
                    catch (AskTimeoutException) when (attempt < WarmUpAttempts)
                    {
                    }
                }
            }
            finally
            {
                gate.Release();
            }
        })).ConfigureAwait(false);
    }

    private static async Task<int> TellAsync(ActorSystem system, IActorRef region, int messages, Func<int, object> message, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var replies = system.ActorOf(ReplyCounter.PropsFor(messages, done));
        try
        {
            for (var i = 0; i < messages; i++)
            {
                region.Tell(message(i), replies);
            }

            return await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            system.Stop(replies);
        }
    }

    private static async Task<int> AskAsync(IActorRef region, int messages, int inFlight, Func<int, object> message, TimeSpan askTimeout, CancellationToken cancellationToken)
    {
        var answered = 0;
        using var gate = new SemaphoreSlim(inFlight);
        await Task.WhenAll(Enumerable.Range(0, messages).Select(async i =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await region.Ask<object>(message(i), askTimeout, cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref answered);
            }
            catch (AskTimeoutException)
            {
                // Counted as missing: the result's replies fall short of its messages.
            }
            finally
            {
                gate.Release();
            }
        })).ConfigureAwait(false);
        return answered;
    }
}
