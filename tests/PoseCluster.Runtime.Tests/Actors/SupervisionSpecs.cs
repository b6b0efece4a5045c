using PoseCluster.Runtime.Actors;

namespace PoseCluster.Runtime.Tests.Actors;

using TestKit = PoseCluster.Runtime.TestKit.TestKit;

/// <summary>One-for-one supervision: restart, resume, stop, escalate, restart limits and back-off, lifecycle hooks.</summary>
public sealed class SupervisionSpecs : TestKit
{

    private static readonly OneForOneStrategy Immediate = new(
        maxRestarts: 10,
        window: TimeSpan.FromMinutes(1),
        decider: ex => ex switch
        {
            ArgumentException => Directive.Resume,
            InvalidOperationException => Directive.Stop,
            NotSupportedException => Directive.Escalate,
            _ => Directive.Restart,
        });

    private sealed record FailLater(Exception Exception);

    /// <summary>Counts ints, throws on request, and reports every lifecycle hook to an observer.</summary>
    private sealed class Worker : ReceiveActor
    {
        private readonly IActorRef _observer;
        private int _count;

        public Worker(IActorRef observer)
        {
            _observer = observer;
            Receive<int>(n =>
            {
                _count += n;
                observer.Tell(_count, Self);
            });
            Receive<Exception>(ex => throw ex);
            ReceiveAsync<FailLater>(async later =>
            {
                await Task.Yield();
                throw later.Exception;
            });
        }

        protected override void PreStart() => _observer.Tell("prestart", Self);

        protected override void PostStop() => _observer.Tell("poststop", Self);

        protected override void PreRestart(Exception reason, object? message)
        {
            _observer.Tell($"prerestart {reason.GetType().Name} {message?.GetType().Name}", Self);
            base.PreRestart(reason, message);
        }

        protected override void PostRestart(Exception reason)
        {
            _observer.Tell("postrestart", Self);
            base.PostRestart(reason);
        }
    }

    /// <summary>Supervises one Worker child with a given strategy and passes messages to it.</summary>
    private sealed class Supervisor : ReceiveActor
    {
        private readonly IActorRef _observer;
        private readonly SupervisorStrategy _strategy;

        public Supervisor(IActorRef observer, SupervisorStrategy strategy)
        {
            _observer = observer;
            _strategy = strategy;
            Receive<string>(s => s == "child?", _ => Sender.Tell(Context.Child("worker")!, Self));
            Receive<string>(s => s == "fail yourself", _ => throw new IOException("supervisor failure"));
            ReceiveAny(message => Context.Forward(Context.Child("worker")!, message));
        }

        protected override void PreStart()
        {
            Context.Spawn(Props.Create(() => new Worker(_observer)), "worker");
            _observer.Tell("supervisor prestart", Self);
        }

        protected override void PostRestart(Exception reason)
        {
            _observer.Tell("supervisor postrestart", Self);
            base.PostRestart(reason);
        }

        protected override SupervisorStrategy SupervisorStrategy() => _strategy;
    }

    private async Task<(IActorRef Supervisor, IActorRef Worker)> StartAsync(SupervisorStrategy strategy)
    {
        var supervisor = Sys.Spawn(Props.Create(() => new Supervisor(TestActor, strategy)));

        // The worker starts on its own run loop: its PreStart may report before or after its parent's.
        Assert.Equal(["prestart", "supervisor prestart"], (await ReceiveNAsync(2)).Cast<string>().Order());
        var worker = await supervisor.Ask<IActorRef>("child?", TimeSpan.FromSeconds(10));
        return (supervisor, worker);
    }

    private async Task DrainUntilAsync(string marker) => await FishForMessageAsync(m => Equals(m, marker));

    [Fact]
    public async Task Restart_replaces_the_instance_and_runs_the_hooks_in_order()
    {
        var (supervisor, _) = await StartAsync(Immediate);
        supervisor.Tell(5);
        await FishForMessageAsync(m => Equals(m, 5));

        supervisor.Tell(new IOException("disk"));

        Assert.Equal(["prerestart IOException IOException", "poststop", "postrestart", "prestart"], (await ReceiveNAsync(4)).Cast<string>());
        supervisor.Tell(1);
        Assert.Equal(1, await ExpectMsgAsync<int>()); // fresh state
    }

    [Fact]
    public async Task Messages_queued_while_restarting_are_kept_and_handled_in_order()
    {
        var (supervisor, worker) = await StartAsync(Immediate);
        worker.Tell(new IOException("disk"));
        worker.Tell(1);
        worker.Tell(2);
        worker.Tell(3);

        await DrainUntilAsync("prestart");
        Assert.Equal([1, 3, 6], (await ReceiveNAsync(3)).Cast<int>());
        _ = supervisor;
    }

    [Fact]
    public async Task An_exception_from_an_async_handler_after_an_await_is_supervised_like_a_synchronous_one()
    {
        var (_, worker) = await StartAsync(Immediate);
        worker.Tell(4);
        await ExpectMsgAsync(4);

        worker.Tell(new FailLater(new IOException("late failure")));
        worker.Tell(1);

        Assert.Equal(["prerestart IOException FailLater", "poststop", "postrestart", "prestart"], (await ReceiveNAsync(4)).Cast<string>());
        Assert.Equal(1, await ExpectMsgAsync<int>());
    }

    [Fact]
    public async Task Resume_keeps_the_instance_and_its_state()
    {
        var (_, worker) = await StartAsync(Immediate);
        worker.Tell(2);
        await ExpectMsgAsync(2);

        worker.Tell(new ArgumentException("bad input"));
        worker.Tell(3);

        Assert.Equal(5, await ExpectMsgAsync<int>());
    }

    [Fact]
    public async Task Stop_directive_stops_the_child_and_its_watchers_learn_of_it()
    {
        var (_, worker) = await StartAsync(Immediate);
        Watch(worker);

        worker.Tell(new InvalidOperationException("fatal"));

        await DrainUntilAsync("poststop");
        await ExpectTerminatedAsync(worker);
    }

    [Fact]
    public async Task A_child_that_exceeds_its_restart_limit_is_stopped()
    {
        var twice = new OneForOneStrategy(2, TimeSpan.FromMinutes(5), _ => Directive.Restart);
        var (_, worker) = await StartAsync(twice);
        Watch(worker);

        for (var i = 0; i < 2; i++)
        {
            worker.Tell(new IOException($"failure {i}"));
            await DrainUntilAsync("postrestart");
        }

        worker.Tell(new IOException("third failure"));

        var terminated = await FishForMessageAsync<Terminated>();
        Assert.Same(worker, terminated.ActorRef);
    }

    [Fact]
    public async Task Escalate_fails_the_supervisor_which_its_own_supervisor_restarts()
    {
        var (supervisor, worker) = await StartAsync(Immediate);
        Watch(worker);

        worker.Tell(new NotSupportedException("not mine to decide"));

        // The default PreRestart of the supervisor stops the worker; the fresh supervisor starts a new one.
        await FishForMessageAsync<Terminated>(t => ReferenceEquals(t.ActorRef, worker));
        await FishForMessageAsync(m => Equals(m, "supervisor postrestart"));
        var newWorker = await supervisor.Ask<IActorRef>("child?", TimeSpan.FromSeconds(10));
        Assert.NotSame(worker, newWorker);
    }

    [Fact]
    public async Task A_restart_waits_for_the_children_PreRestart_stopped_so_their_names_are_free_again()
    {
        var (supervisor, worker) = await StartAsync(Immediate);

        // The supervisor's own failure: the guardian restarts it; its fresh PreStart spawns "worker" again.
        supervisor.Tell("fail yourself", TestActor);
        await FishForMessageAsync(m => Equals(m, "supervisor postrestart"));

        // Had the fresh PreStart found "worker" still taken, the supervisor would have stopped and not answer.
        var newWorker = await supervisor.Ask<IActorRef>("child?", TimeSpan.FromSeconds(10));
        Assert.NotNull(newWorker);
        Assert.NotSame(worker, newWorker);
    }

    [Fact]
    public async Task A_constructor_that_throws_stops_the_actor_with_ActorInitializationException()
    {
        var broken = Sys.Spawn(Props.Create<ReceiveActor>(() => throw new FormatException("bad config")));
        Watch(broken);
        await ExpectTerminatedAsync(broken);
    }

    [Fact]
    public async Task Kill_makes_the_actor_fail_and_the_default_decision_stops_it()
    {
        var (_, worker) = await StartAsync(new OneForOneStrategy(10, TimeSpan.FromMinutes(1), SupervisorStrategy.DefaultDecider));
        Watch(worker);
        worker.Tell(Kill.Instance);
        await FishForMessageAsync<Terminated>(t => ReferenceEquals(t.ActorRef, worker));
    }

    [Fact]
    public void The_back_off_doubles_per_restart_up_to_its_ceiling_and_jitter_only_lengthens_it()
    {
        var backoff = new RestartBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), 0.2);
        Assert.Equal(TimeSpan.FromMilliseconds(100), backoff.DelayFor(0, 0));
        Assert.Equal(TimeSpan.FromMilliseconds(200), backoff.DelayFor(1, 0));
        Assert.Equal(TimeSpan.FromMilliseconds(400), backoff.DelayFor(2, 0));
        Assert.Equal(TimeSpan.FromSeconds(1), backoff.DelayFor(4, 0));
        Assert.Equal(TimeSpan.FromSeconds(1), backoff.DelayFor(1000, 0));
        Assert.Equal(TimeSpan.FromMilliseconds(120), backoff.DelayFor(0, 1));
        Assert.Equal(TimeSpan.FromMilliseconds(1200), backoff.DelayFor(9, 1));
        Assert.Equal(TimeSpan.Zero, RestartBackoff.None.DelayFor(3, 0.5));
    }

    [Fact]
    public async Task A_restart_happens_only_after_its_back_off_which_grows_with_each_restart()
    {
        var clock = new ManualTimeProvider();
        var settings = ActorSystemSettings.Default with
        {
            DefaultSupervisorStrategy = new OneForOneStrategy(
                10, TimeSpan.FromHours(1), SupervisorStrategy.DefaultDecider, new RestartBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), 0)),
        };
        await using var system = ActorSystem.Create("backoff", settings, timeProvider: clock);
        var worker = system.Spawn(Props.Create(() => new Worker(TestActor)));
        await ExpectMsgAsync("prestart");

        foreach (var seconds in new[] { 1, 2, 4 })
        {
            // PreRestart (and its PostStop) run at once; the fresh instance waits for the back-off.
            worker.Tell(new IOException("again"));
            await ExpectMsgAsync("prerestart IOException IOException");
            await ExpectMsgAsync("poststop");
            await AwaitConditionAsync(() => clock.PendingTimers == 1);

            clock.Advance(TimeSpan.FromSeconds(seconds) - TimeSpan.FromMilliseconds(1));
            await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
            clock.Advance(TimeSpan.FromMilliseconds(1));
            await ExpectMsgAsync("postrestart");
            await ExpectMsgAsync("prestart");
        }
    }

    [Fact]
    public async Task A_stop_during_the_back_off_stops_the_actor_without_restarting_it()
    {
        var settings = ActorSystemSettings.Default with
        {
            DefaultSupervisorStrategy = new OneForOneStrategy(
                10, TimeSpan.FromHours(1), SupervisorStrategy.DefaultDecider, new RestartBackoff(TimeSpan.FromHours(1), TimeSpan.FromHours(1), 0)),
        };
        await using var system = ActorSystem.Create("backoff-stop", settings);
        var worker = system.Spawn(Props.Create(() => new Worker(TestActor)));
        await ExpectMsgAsync("prestart");
        Watch(worker);

        worker.Tell(new IOException("fail"));
        await ExpectMsgAsync("prerestart IOException IOException");
        await ExpectMsgAsync("poststop");
        system.Stop(worker);

        await ExpectTerminatedAsync(worker);
    }
}
