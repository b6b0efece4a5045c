using PoseCluster.Runtime.Actors;

namespace PoseCluster.Runtime.Tests.Actors;

using TestKit = PoseCluster.Runtime.TestKit.TestKit;

/// <summary>Stash and UnstashAll with Become; what happens to the stash on restart and stop.</summary>
public sealed class StashSpecs : TestKit
{
    private sealed record Open;

    /// <summary>Stashes work until it is opened, then handles the stash first; fails on "boom".</summary>
    private sealed class Gate : ReceiveActor
    {
        private readonly IActorRef _observer;

        public Gate(IActorRef observer)
        {
            _observer = observer;
            Become(Closed);
        }

        private void Closed()
        {
            Receive<Open>(_ =>
            {
                Become(Opened);
                Stash.UnstashAll();
            });
            Receive<string>(s => s == "boom", _ => throw new IOException("boom"));
            Receive<string>(s => s == "count?", _ => Sender.Tell(Stash.Count, Self));
            Receive<string>(_ => Stash.Stash());
        }

        private void Opened() => Receive<string>(s => _observer.Tell(s, Self));
    }

    [Fact]
    public async Task Unstashed_messages_are_handled_before_later_ones_in_the_order_they_were_stashed()
    {
        var gate = Sys.Spawn(Props.Create(() => new Gate(TestActor)));
        gate.Tell("a");
        gate.Tell("b");
        gate.Tell("c");
        Assert.Equal(3, await gate.Ask<int>("count?", TimeSpan.FromSeconds(10)));

        gate.Tell(new Open());
        gate.Tell("d");

        Assert.Equal(["a", "b", "c", "d"], (await ReceiveNAsync(4)).Cast<string>());
    }

    [Fact]
    public async Task A_restart_puts_the_stash_back_in_front_of_the_mailbox()
    {
        var gate = Sys.Spawn(Props.Create(() => new Gate(TestActor)));
        gate.Tell("a");
        gate.Tell("b");
        gate.Tell("boom");

        // The fresh instance is closed again and stashes a and b anew, ahead of what came later.
        gate.Tell("c");
        await AwaitAssertAsync(() => Assert.Equal(3, gate.Ask<int>("count?", TimeSpan.FromSeconds(10)).GetAwaiter().GetResult()));
        gate.Tell(new Open());

        Assert.Equal(["a", "b", "c"], (await ReceiveNAsync(3)).Cast<string>());
    }

    [Fact]
    public async Task Stashed_messages_become_dead_letters_when_the_actor_stops()
    {
        var gate = Sys.Spawn(Props.Create(() => new Gate(TestActor)));
        Sys.EventStream.Subscribe<DeadLetter>(TestActor);
        gate.Tell("a");
        gate.Tell("b");
        Assert.Equal(2, await gate.Ask<int>("count?", TimeSpan.FromSeconds(10)));

        Sys.Stop(gate);

        var dead = await ReceiveNAsync(2);
        Assert.Equal(["a", "b"], dead.Cast<DeadLetter>().Select(d => d.Message));
    }
}
