using System.Collections.Concurrent;
using PoseCluster.Runtime.Actors;

namespace PoseCluster.Runtime.Tests.Actors;

/// <summary>Coordinated shutdown: children before parents, newest first, within a deadline.</summary>
public sealed class ShutdownSpecs
{
    /// <summary>Starts the named children in order and records its own PostStop.</summary>
    private sealed class Node : ReceiveActor
    {
        private readonly string _name;
        private readonly string[] _children;
        private readonly ConcurrentQueue<string> _stopped;

        public Node(string name, string[] children, ConcurrentQueue<string> stopped)
        {
            _name = name;
            _children = children;
            _stopped = stopped;
            Receive<string>(_ => Sender.Tell(Context.Children.Count, Self));
        }

        protected override void PreStart()
        {
            foreach (var child in _children)
            {
                Context.Spawn(Props.Create(() => new Node(child, [], _stopped)), child);
            }
        }

        protected override void PostStop() => _stopped.Enqueue(_name);
    }

    /// <summary>Its first message never completes.</summary>
    private sealed class Stuck : ReceiveActor
    {
        public Stuck(TaskCompletionSource entered, Task never)
        {
            ReceiveAsync<string>(_ =>
            {
                entered.SetResult();
                return never;
            });
        }
    }

    [Fact]
    public async Task Shutdown_stops_children_before_parents_and_newer_actors_before_older_ones()
    {
        var stopped = new ConcurrentQueue<string>();
        var system = ActorSystem.Create("shutdown-order");
        var a = system.Spawn(Props.Create(() => new Node("A", ["A1", "A2", "A3"], stopped)), "A");
        var b = system.Spawn(Props.Create(() => new Node("B", ["B1"], stopped)), "B");
        Assert.Equal(3, await a.Ask<int>("children?", TimeSpan.FromSeconds(10)));
        Assert.Equal(1, await b.Ask<int>("children?", TimeSpan.FromSeconds(10)));

        Assert.True(await system.ShutdownAsync());

        Assert.Equal(["B1", "B", "A3", "A2", "A1", "A"], stopped);
        Assert.True(system.WhenTerminated.IsCompleted);
    }

    [Fact]
    public async Task Stopping_an_actor_stops_its_children_newest_first_before_it()
    {
        var stopped = new ConcurrentQueue<string>();
        await using var system = ActorSystem.Create("stop-order");
        var a = system.Spawn(Props.Create(() => new Node("A", ["A1", "A2"], stopped)), "A");
        Assert.Equal(2, await a.Ask<int>("children?", TimeSpan.FromSeconds(10)));

        system.Stop(a);

        await WaitUntilAsync(() => stopped.Count == 3);
        Assert.Equal(["A2", "A1", "A"], stopped);
    }

    [Fact]
    public async Task Shutdown_gives_up_at_its_deadline_when_an_actor_does_not_stop()
    {
        var settings = ActorSystemSettings.Default with { ShutdownTimeout = TimeSpan.FromMilliseconds(200) };
        var never = new TaskCompletionSource();
        var system = ActorSystem.Create("shutdown-deadline", settings);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stuck = system.Spawn(Props.Create(() => new Stuck(entered, never.Task)));
        stuck.Tell("hang");
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(await system.ShutdownAsync());
        Assert.True(system.WhenTerminated.IsCompleted);
        never.SetResult();
    }

    [Fact]
    public async Task After_shutdown_no_actor_can_be_spawned_and_messages_become_dead_letters()
    {
        var stopped = new ConcurrentQueue<string>();
        var system = ActorSystem.Create("after-shutdown");
        var a = system.Spawn(Props.Create(() => new Node("A", [], stopped)), "A");
        await system.ShutdownAsync();

        Assert.Throws<InvalidOperationException>(() => system.Spawn(Props.Create(() => new Node("B", [], stopped))));
        a.Tell("anyone?"); // no exception: the message goes to dead letters
        Assert.Equal(["A"], stopped);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var waited = 0; !condition(); waited += 10)
        {
            Assert.True(waited < 30_000, "condition not met within 30 s");
            await Task.Delay(10);
        }
    }
}
