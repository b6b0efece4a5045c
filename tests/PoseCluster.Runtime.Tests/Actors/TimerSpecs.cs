using PoseCluster.Runtime.Actors;

namespace PoseCluster.Runtime.Tests.Actors;

using TestKit = PoseCluster.Runtime.TestKit.TestKit;

/// <summary>Single and periodic timers, replacement by key, cancellation, and cancellation on stop.</summary>
public sealed class TimerSpecs : TestKit
{
    private sealed record StartSingle(string Key, string Message, TimeSpan Delay);

    private sealed record StartPeriodic(string Key, string Message, TimeSpan Interval);

    private sealed record CancelTimer(string Key);

    private sealed record IsActive(string Key);

    private sealed record BlockThenCancel(Task Gate, string Key);

    /// <summary>Starts and cancels timers on request and passes every timer message to an observer.</summary>
    private sealed class Ticker : ReceiveActor
    {
        public Ticker(IActorRef observer)
        {
            Receive<StartSingle>(s => Timers.StartSingleTimer(s.Key, s.Message, s.Delay));
            Receive<StartPeriodic>(p => Timers.StartPeriodicTimer(p.Key, p.Message, p.Interval));
            Receive<CancelTimer>(c =>
            {
                Timers.Cancel(c.Key);
                Sender.Tell("cancelled", Self);
            });
            Receive<IsActive>(q => Sender.Tell(Timers.IsTimerActive(q.Key), Self));
            ReceiveAsync<BlockThenCancel>(async b =>
            {
                observer.Tell("blocked", Self);
                await b.Gate;
                Timers.Cancel(b.Key);
            });
            Receive<string>(s => observer.Tell(s, Self));
        }
    }

    private IActorRef StartTicker() => Sys.Spawn(Props.Create(() => new Ticker(TestActor)));

    [Fact]
    public async Task A_single_timer_delivers_its_message_once_and_is_then_inactive()
    {
        var ticker = StartTicker();
        ticker.Tell(new StartSingle("once", "tick", TimeSpan.FromMilliseconds(20)));

        await ExpectMsgAsync("tick");
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
        Assert.False(await ticker.Ask<bool>(new IsActive("once"), TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_periodic_timer_repeats_until_cancelled()
    {
        var ticker = StartTicker();
        ticker.Tell(new StartPeriodic("every", "tick", TimeSpan.FromMilliseconds(20)));

        Assert.All(await ReceiveNAsync(3), m => Assert.Equal("tick", m));
        Assert.True(await ticker.Ask<bool>(new IsActive("every"), TimeSpan.FromSeconds(10)));

        Assert.Equal("cancelled", await ticker.Ask<string>(new CancelTimer("every"), TimeSpan.FromSeconds(10)));

        // Ticks sent before the cancel may still be queued here; none may come after a quiet period.
        await AwaitAssertAsync(() => ExpectNoMsg(TimeSpan.FromMilliseconds(200)), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Starting_a_timer_with_a_key_in_use_replaces_the_old_one()
    {
        var ticker = StartTicker();
        ticker.Tell(new StartSingle("k", "old", TimeSpan.FromMilliseconds(100)));
        ticker.Tell(new StartSingle("k", "new", TimeSpan.FromMilliseconds(150)));

        await ExpectMsgAsync("new");
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task A_message_already_queued_by_a_cancelled_timer_is_not_delivered()
    {
        var clock = new ManualTimeProvider();
        await using var system = ActorSystem.Create("timers", timeProvider: clock);
        var ticker = system.Spawn(Props.Create(() => new Ticker(TestActor)));
        ticker.Tell(new StartSingle("k", "stale", TimeSpan.FromSeconds(1)));
        var gate = new TaskCompletionSource();
        ticker.Tell(new BlockThenCancel(gate.Task, "k"));
        await ExpectMsgAsync("blocked");

        // The timer fires while the actor is busy: its message queues behind, then the handler cancels the timer.
        clock.Advance(TimeSpan.FromSeconds(1));
        gate.SetResult();

        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
        Assert.False(await ticker.Ask<bool>(new IsActive("k"), TimeSpan.FromSeconds(10)));
    }

    /// <summary>Reports ReceiveTimeout; "off" clears the timeout; anything else is acknowledged.</summary>
    private sealed class Idler : ReceiveActor
    {
        private readonly IActorRef _observer;

        public Idler(IActorRef observer)
        {
            _observer = observer;
            Receive<ReceiveTimeout>(t => observer.Tell(t, Self));
            Receive<string>(s => s == "off", _ =>
            {
                Context.SetReceiveTimeout(null);
                Sender.Tell("ack", Self);
            });
            Receive<string>(_ => Sender.Tell("ack", Self));
        }

        protected override void PreStart()
        {
            Context.SetReceiveTimeout(TimeSpan.FromSeconds(1));
            _observer.Tell("started", Self);
        }
    }

    [Fact]
    public async Task ReceiveTimeout_arrives_after_an_idle_period_which_every_message_restarts()
    {
        var clock = new ManualTimeProvider();
        await using var system = ActorSystem.Create("receive-timeout", timeProvider: clock);
        var idler = system.Spawn(Props.Create(() => new Idler(TestActor)));
        await ExpectMsgAsync("started");

        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal("ack", await idler.Ask<string>("busy", TimeSpan.FromSeconds(10)));

        // Idle time counts from the last message: 999 ms + 500 ms is not yet a full idle second.
        clock.Advance(TimeSpan.FromMilliseconds(500));
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
        clock.Advance(TimeSpan.FromMilliseconds(500));
        await ExpectMsgAsync(ReceiveTimeout.Instance);

        // It repeats while the actor stays idle, and stops when cleared.
        clock.Advance(TimeSpan.FromSeconds(1));
        await ExpectMsgAsync(ReceiveTimeout.Instance);
        Assert.Equal("ack", await idler.Ask<string>("off", TimeSpan.FromSeconds(10)));
        clock.Advance(TimeSpan.FromSeconds(5));
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task Timers_are_cancelled_when_the_actor_stops()
    {
        var ticker = StartTicker();
        Watch(ticker);
        ticker.Tell(new StartPeriodic("every", "tick", TimeSpan.FromMilliseconds(10)));
        await ExpectMsgAsync("tick");

        Sys.Stop(ticker);

        await FishForMessageAsync<Terminated>();
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
    }
}
