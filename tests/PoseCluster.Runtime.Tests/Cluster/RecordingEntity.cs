using System.Collections.Concurrent;
using PoseCluster.Runtime.Actors;
using PoseCluster.Runtime.Cluster;
using PoseCluster.Runtime.Cluster.Sharding;

namespace PoseCluster.Runtime.Tests.Cluster;

/// <summary>A numbered message for <see cref="RecordingEntity"/>.</summary>
public sealed record Numbered(int Value);

/// <summary>Everything entities of one test applied, shared by the test's nodes (they run in one process).</summary>
internal sealed class EntityJournal
{
    /// <summary>The entity type the tests send to.</summary>
    public static ShardedEntityType Type(int shards = 16) => new("recording", shards, "worker", [typeof(Numbered)]);

    // Applied values per entity, in the order applied; guarded by the list itself.
    public ConcurrentDictionary<string, List<int>> Applied { get; } = new();

    // Message ids applied; a second delivery of one is counted, not applied.
    public ConcurrentDictionary<string, byte> MessageIds { get; } = new();

    private int _duplicates;

    // Entity actor starts, per entity.
    public ConcurrentDictionary<string, int> Starts { get; } = new();

    public int Duplicates => Volatile.Read(ref _duplicates);

    public int AppliedCount => Applied.Values.Sum(l => { lock (l) { return l.Count; } });

    public void Apply(string entityId, string messageId, int value)
    {
        if (!MessageIds.TryAdd(messageId, 0))
        {
            Interlocked.Increment(ref _duplicates);
            return;
        }

        var list = Applied.GetOrAdd(entityId, _ => []);
        lock (list)
        {
            list.Add(value);
        }
    }

    public Props PropsFor(string entityId) => Props.Create(() => new RecordingEntity(entityId, this));
}

/// <summary>An entity that applies each message once (deduplicating on the message id) into the journal.</summary>
internal sealed class RecordingEntity : ShardedEntity
{
    public RecordingEntity(string entityId, EntityJournal journal) : base(entityId)
    {
        journal.Starts.AddOrUpdate(entityId, 1, (_, n) => n + 1);
        HandleMessage<Numbered>((message, context) =>
        {
            journal.Apply(context.EntityId, context.MessageId, message.Value);
            return Task.CompletedTask;
        });
    }
}
