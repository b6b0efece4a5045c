using Akka.Actor;
using Akka.Event;
using Akka.Persistence;

namespace PoseCluster.Actors.Counters;

/// <summary>
/// The demo counter (posecluster.node.demo-counter): a sharded, event-sourced entity. Each
/// <see cref="Increment"/> is persisted before it is acknowledged and applied once per command id, so a
/// sender that retries until acknowledged (at-least-once) gets every increment counted exactly once,
/// also when the counter moves to another node. The multi-process tests and the benchmark drive it.
/// </summary>
public sealed class CounterEntity : ReceivePersistentActor
{
    /// <summary>Entity type name of the counters' shard region.</summary>
    public const string TypeName = "counter";

    private readonly int _snapshotEvery;
    private readonly HashSet<string> _applied = new(StringComparer.Ordinal);
    private long _value;

    /// <summary>Creates the counter <paramref name="entityId"/>; a snapshot every <paramref name="snapshotEvery"/> events.</summary>
    public CounterEntity(string entityId, int snapshotEvery)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(snapshotEvery, 1);
        EntityId = entityId;
        PersistenceId = $"{TypeName}:{entityId}";
        _snapshotEvery = snapshotEvery;

        Recover<CounterIncremented>(Apply);
        Recover<SnapshotOffer>(offer => Restore((CounterSnapshot)offer.Snapshot));
        Command<Increment>(HandleIncrement);
        Command<GetCounterValue>(_ => Sender.Tell(new CounterValue(EntityId, _value, _applied.Count)));
        Command<SaveSnapshotSuccess>(_ => { });
        Command<SaveSnapshotFailure>(failure => Context.GetLogger().Warning(failure.Cause, "counter {0}: snapshot failed", EntityId));
    }

    /// <summary>The counter's entity id.</summary>
    public string EntityId { get; }

    /// <inheritdoc />
    public override string PersistenceId { get; }

    /// <summary>Props of counter <paramref name="entityId"/>.</summary>
    public static Props PropsFor(string entityId, int snapshotEvery = 100) => Props.Create(() => new CounterEntity(entityId, snapshotEvery));

    private void HandleIncrement(Increment increment)
    {
        if (_applied.Contains(increment.CommandId))
        {
            Sender.Tell(new IncrementAcknowledged(EntityId, increment.CommandId, _value));
            return;
        }

        Persist(new CounterIncremented(increment.CommandId, increment.Amount), incremented =>
        {
            Apply(incremented);
            Sender.Tell(new IncrementAcknowledged(EntityId, incremented.CommandId, _value));
            if (LastSequenceNr % _snapshotEvery == 0)
            {
                SaveSnapshot(new CounterSnapshot(_value, [.. _applied]));
            }
        });
    }

    private void Apply(CounterIncremented incremented)
    {
        if (_applied.Add(incremented.CommandId))
        {
            _value += incremented.Amount;
        }
    }

    private void Restore(CounterSnapshot snapshot)
    {
        _value = snapshot.Value;
        _applied.Clear();
        _applied.UnionWith(snapshot.AppliedCommands);
    }
}
