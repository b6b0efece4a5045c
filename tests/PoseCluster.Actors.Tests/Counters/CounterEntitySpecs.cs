using Akka.Actor;
using PoseCluster.Actors.Counters;
using PoseCluster.Actors.Tests.Support;
using Xunit.Abstractions;

namespace PoseCluster.Actors.Tests.Counters;

/// <summary>The demo counter entity on Akka.TestKit with a real journal (Akka.Persistence.Sql on SQLite).</summary>
public sealed class CounterEntitySpecs(ITestOutputHelper output) : ActorSpec(output)
{
    [Fact]
    public void An_increment_is_acknowledged_with_the_value_after_it()
    {
        var counter = Sys.ActorOf(CounterEntity.PropsFor("a"));
        counter.Tell(new Increment("a", "c1", 5));
        Assert.Equal(new IncrementAcknowledged("a", "c1", 5), ExpectMsg<IncrementAcknowledged>());
        counter.Tell(new Increment("a", "c2", 2));
        Assert.Equal(7, ExpectMsg<IncrementAcknowledged>().Value);
        counter.Tell(new GetCounterValue("a"));
        Assert.Equal(new CounterValue("a", 7, 2), ExpectMsg<CounterValue>());
    }

    [Fact]
    public void A_command_sent_again_is_acknowledged_again_but_counted_once()
    {
        var counter = Sys.ActorOf(CounterEntity.PropsFor("b"));
        counter.Tell(new Increment("b", "same", 3));
        ExpectMsg<IncrementAcknowledged>();
        counter.Tell(new Increment("b", "same", 3));
        Assert.Equal(new IncrementAcknowledged("b", "same", 3), ExpectMsg<IncrementAcknowledged>());
        counter.Tell(new GetCounterValue("b"));
        Assert.Equal(new CounterValue("b", 3, 1), ExpectMsg<CounterValue>());
    }

    [Fact]
    public void A_restarted_counter_recovers_its_value_and_its_applied_commands_from_events_and_snapshots()
    {
        // A snapshot every 3 events: recovery reads the snapshot after 6 and replays 7.
        var first = Sys.ActorOf(CounterEntity.PropsFor("c", snapshotEvery: 3));
        for (var i = 1; i <= 7; i++)
        {
            first.Tell(new Increment("c", $"cmd-{i}", i));
            ExpectMsg<IncrementAcknowledged>();
        }

        Watch(first);
        first.Tell(PoisonPill.Instance);
        ExpectTerminated(first);

        var second = Sys.ActorOf(CounterEntity.PropsFor("c", snapshotEvery: 3));
        second.Tell(new GetCounterValue("c"));
        Assert.Equal(new CounterValue("c", 28, 7), ExpectMsg<CounterValue>());
        second.Tell(new Increment("c", "cmd-2", 2));
        Assert.Equal(28, ExpectMsg<IncrementAcknowledged>().Value);
    }

    [Fact]
    public void Counters_are_independent_of_each_other()
    {
        var x = Sys.ActorOf(CounterEntity.PropsFor("x"));
        var y = Sys.ActorOf(CounterEntity.PropsFor("y"));
        x.Tell(new Increment("x", "1", 10));
        ExpectMsg<IncrementAcknowledged>();
        y.Tell(new GetCounterValue("y"));
        Assert.Equal(new CounterValue("y", 0, 0), ExpectMsg<CounterValue>());
    }
}
