using PoseCluster.Runtime.Actors;

namespace PoseCluster.Runtime.Tests.Actors;

using TestKit = PoseCluster.Runtime.TestKit.TestKit;

/// <summary>Watch, Unwatch, Terminated and the death pact.</summary>
public sealed class DeathWatchSpecs : TestKit
{
    private sealed record WatchIt(IActorRef Target);

    private sealed record UnwatchIt(IActorRef Target);

    private sealed class Idle : ReceiveActor
    {
        public Idle()
        {
            Receive<string>(_ => Sender.Tell("ack", Self));
        }
    }

    /// <summary>Watches on request and reports the Terminated it receives.</summary>
    private sealed class Watcher : ReceiveActor
    {
        public Watcher(IActorRef observer)
        {
            Receive<WatchIt>(w =>
            {
                Context.Watch(w.Target);
                observer.Tell("watching", Self);
            });
            Receive<UnwatchIt>(w =>
            {
                Context.Unwatch(w.Target);
                observer.Tell("unwatched", Self);
            });
            Receive<Terminated>(t => observer.Tell(t, Self));
        }
    }

    /// <summary>Watches without handling Terminated: the death pact applies.</summary>
    private sealed class CarelessWatcher : ReceiveActor
    {
        private readonly IActorRef _target;

        public CarelessWatcher(IActorRef target)
        {
            _target = target;
            Receive<string>(_ => { });
        }

        protected override void PreStart() => Context.Watch(_target);
    }

    [Fact]
    public async Task A_watcher_receives_Terminated_when_the_watched_actor_stops()
    {
        var target = Sys.Spawn(Props.Create<Idle>(), "target");
        var watcher = Sys.Spawn(Props.Create(() => new Watcher(TestActor)));
        watcher.Tell(new WatchIt(target));
        await ExpectMsgAsync("watching");

        Sys.Stop(target);

        var terminated = await ExpectMsgAsync<Terminated>();
        Assert.Same(target, terminated.ActorRef);
    }

    [Fact]
    public async Task Watching_an_actor_that_already_stopped_yields_Terminated_at_once()
    {
        var target = Sys.Spawn(Props.Create<Idle>());
        Watch(target);
        Sys.Stop(target);
        await ExpectTerminatedAsync(target);

        var watcher = Sys.Spawn(Props.Create(() => new Watcher(TestActor)));
        watcher.Tell(new WatchIt(target));
        await ExpectMsgAsync("watching");
        Assert.Same(target, (await ExpectMsgAsync<Terminated>()).ActorRef);
    }

    [Fact]
    public async Task After_Unwatch_no_Terminated_arrives()
    {
        var target = Sys.Spawn(Props.Create<Idle>());
        var watcher = Sys.Spawn(Props.Create(() => new Watcher(TestActor)));
        watcher.Tell(new WatchIt(target));
        await ExpectMsgAsync("watching");
        watcher.Tell(new UnwatchIt(target));
        await ExpectMsgAsync("unwatched");

        Sys.Stop(target);
        Watch(target);
        await ExpectTerminatedAsync(target);
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task A_watcher_that_does_not_handle_Terminated_fails_with_DeathPactException_and_stops()
    {
        var target = Sys.Spawn(Props.Create<Idle>());
        var careless = Sys.Spawn(Props.Create(() => new CarelessWatcher(target)));
        Watch(careless);

        // Whether the watch lands before or after the stop, the watcher learns of the death.
        Sys.Stop(target);

        await ExpectTerminatedAsync(careless);
    }

    [Fact]
    public async Task Messages_told_to_a_stopped_actor_are_published_as_dead_letters()
    {
        var target = Sys.Spawn(Props.Create<Idle>());
        Watch(target);
        target.Tell(PoisonPill.Instance);
        await ExpectTerminatedAsync(target);
        Sys.EventStream.Subscribe<DeadLetter>(TestActor);

        target.Tell("too late", TestActor);

        var dead = await ExpectMsgAsync<DeadLetter>();
        Assert.Equal("too late", dead.Message);
        Assert.Same(target, dead.Recipient);
        Assert.Same(TestActor, dead.Sender);
    }

    [Fact]
    public async Task Messages_queued_behind_a_PoisonPill_become_dead_letters()
    {
        var gate = new TaskCompletionSource();
        var blocked = Sys.Spawn(Props.Create(() => new Gated(gate.Task)));
        Sys.EventStream.Subscribe<DeadLetter>(TestActor);
        blocked.Tell("first");
        blocked.Tell(PoisonPill.Instance);
        blocked.Tell("second");
        blocked.Tell("third");
        gate.SetResult();

        var dead = new[] { await ExpectMsgAsync<DeadLetter>(), await ExpectMsgAsync<DeadLetter>() };
        Assert.Equal(["second", "third"], dead.Select(d => d.Message));
    }

    /// <summary>Its first message waits for a gate, so that later messages queue up behind it.</summary>
    private sealed class Gated : ReceiveActor
    {
        public Gated(Task gate)
        {
            ReceiveAsync<string>(async _ => await gate);
        }
    }
}
