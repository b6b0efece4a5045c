using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using PoseCluster.Runtime.Actors;

namespace PoseCluster.Bench.Runtime;

/// <summary>
/// Issue 6: in-process ping-pong between two actors next to the same exchange between two tasks over
/// bare <see cref="Channel{T}"/>s (the peer: what a mailbox costs at the least). Both exchange the same
/// preallocated message objects over unbounded channels with asynchronous continuations, so the
/// difference is the actor machinery (envelopes, system-message checks, handler dispatch).
/// One operation = one message delivered.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class PingPongBenchmarks
{
    /// <summary>Round trips per invocation (each is two messages).</summary>
    public const int RoundTrips = 100_000;

    private static readonly object Ball = new();

    private ActorSystem _system = null!;
    private IActorRef _pinger = null!;

    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("bench");
        var ponger = _system.Spawn(Props.Create<Ponger>(), "ponger");
        _pinger = _system.Spawn(Props.Create(() => new Pinger(ponger)), "pinger");
    }

    [GlobalCleanup]
    public void Cleanup() => _system.ShutdownAsync().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, OperationsPerInvoke = 2 * RoundTrips, Description = "bare Channel<T> ping-pong")]
    public async Task BareChannelPingPong()
    {
        var options = new UnboundedChannelOptions { SingleReader = true, SingleWriter = false, AllowSynchronousContinuations = false };
        var toPonger = Channel.CreateUnbounded<object>(options);
        var toPinger = Channel.CreateUnbounded<object>(options);
        var ponger = Task.Run(async () =>
        {
            for (var i = 0; i < RoundTrips; i++)
            {
                var ball = await toPonger.Reader.ReadAsync();
                toPinger.Writer.TryWrite(ball);
            }
        });
        var pinger = Task.Run(async () =>
        {
            for (var i = 0; i < RoundTrips; i++)
            {
                toPonger.Writer.TryWrite(Ball);
                await toPinger.Reader.ReadAsync();
            }
        });
        await Task.WhenAll(ponger, pinger);
    }

    [Benchmark(OperationsPerInvoke = 2 * RoundTrips, Description = "actor ping-pong (Tell)")]
    public Task ActorPingPong()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _pinger.Tell(new Pinger.Start(RoundTrips, done));
        return done.Task;
    }

    /// <summary>Sends the ball back to whoever sent it.</summary>
    private sealed class Ponger : ReceiveActor
    {
        public Ponger()
        {
            Receive<object>(ball => Sender.Tell(ball, Self));
        }
    }

    /// <summary>Plays a number of round trips with the ponger, then completes the caller's task.</summary>
    private sealed class Pinger : ReceiveActor
    {
        private readonly IActorRef _ponger;
        private int _left;
        private TaskCompletionSource? _done;

        public Pinger(IActorRef ponger)
        {
            _ponger = ponger;
            Receive<Start>(HandleStart);
            Receive<object>(HandleBall);
        }

        public sealed record Start(int RoundTrips, TaskCompletionSource Done);

        private void HandleStart(Start start)
        {
            _left = start.RoundTrips;
            _done = start.Done;
            _ponger.Tell(Ball, Self);
        }

        private void HandleBall(object ball)
        {
            if (--_left == 0)
            {
                _done!.SetResult();
                return;
            }

            _ponger.Tell(ball, Self);
        }
    }
}
