using Microsoft.Extensions.Logging;
using PoseCluster.Runtime.Actors;

namespace PoseCluster.Runtime.Cluster.Sharding;

/// <summary>
/// Runs one shard this node owns: reads its durable inbox in order, starts each entity on its first
/// message, gives every entity one message at a time, deletes messages from the inbox after their
/// handler finished (in batches), passivates idle entities, and hands the shard over when asked.
/// </summary>
internal sealed class ShardActor : ReceiveActor
{
    private static readonly TimeSpan AckInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan HandOffTimeout = TimeSpan.FromSeconds(10);
    private const int AckBatch = 100;

    private readonly ShardEnvironment _env;
    private readonly int _shard;

    // Highest inbox sequence read so far; the next read starts after it.
    private long _readUpTo;

    // Entities by key: their actor, waiting messages and the one being handled.
    private readonly Dictionary<string, EntityState> _entities = new(StringComparer.Ordinal);

    // Entity actor → key, to find the state on Terminated.
    private readonly Dictionary<IActorRef, string> _keys = [];

    // Sequences handled and not yet deleted from the inbox.
    private readonly List<long> _pendingAcks = [];

    // Messages read and not yet handled, over all entities (bounds reading ahead).
    private int _buffered;

    // Entity actors started so far; numbers their names.
    private long _spawned;

    // True once a hand-off was asked for: no more reading or delivering.
    private bool _handingOff;

    // Whether the last read filled a whole batch (more are probably waiting).
    private bool _moreWaiting;

    public ShardActor(ShardEnvironment env, int shard)
    {
        _env = env;
        _shard = shard;
        ReceiveAsync<FetchMessages>(_ => HandleFetchAsync());
        ReceiveAsync<EntityDeliveryCompleted>(HandleCompletedAsync);
        ReceiveAsync<EntityDeliveryFailed>(HandleFailedAsync);
        Receive<RetryEntity>(r => DeliverNext(r.EntityId));
        Receive<Terminated>(HandleTerminated);
        ReceiveAsync<FlushAcks>(_ => FlushAcksAsync());
        ReceiveAsync<PassivateIdle>(_ => HandlePassivateAsync());
        ReceiveAsync<StartRememberedEntities>(_ => HandleStartRememberedAsync());
        ReceiveAsync<HandOffShard>(_ => HandleHandOffAsync());
        ReceiveAsync<HandOffDeadline>(_ => CompleteHandOffAsync());
    }

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer("poll", FetchMessages.Instance, _env.Settings.PollInterval);
        Timers.StartPeriodicTimer("acks", FlushAcks.Instance, AckInterval);
        if (_env.Settings.PassivateIdleAfter > TimeSpan.Zero)
        {
            var check = _env.Settings.PassivateIdleAfter / 2;
            Timers.StartPeriodicTimer("passivate", PassivateIdle.Instance, check);
        }

        if (_env.Settings.RememberEntities)
        {
            Self.Tell(StartRememberedEntities.Instance, Self);
        }

        Self.Tell(FetchMessages.Instance, Self);
    }

    private DateTimeOffset Now => Context.System.TimeProvider.GetUtcNow();

    private async Task HandleFetchAsync()
    {
        // Read ahead at most two batches beyond what entities are working on.
        if (_handingOff || _buffered >= _env.Settings.FetchBatch * 2)
        {
            return;
        }

        await FlushAcksAsync().ConfigureAwait(true);
        IReadOnlyList<StoredMessage> messages;
        try
        {
            messages = await _env.Store.FetchShardMessagesAsync(_env.Type.Name, _shard, _env.Address, _readUpTo, _env.Settings.FetchBatch, CancellationToken.None).ConfigureAwait(true);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            ClusterLog.StoreCallFailed(Log, "fetch", _env.Type.Name, _shard, e);
            return;
        }

        _moreWaiting = messages.Count == _env.Settings.FetchBatch;
        foreach (var stored in messages)
        {
            _readUpTo = stored.Sequence;
            object message;
            try
            {
                message = _env.Type.Deserialize(stored);
            }
            catch (Exception e) when (e is ClusterStoreException or System.Text.Json.JsonException)
            {
                // A row no entity can read would block its entity forever: log it and drop it.
                ClusterLog.UnreadableMessage(Log, stored.MessageId, _env.Type.Name, e);
                _pendingAcks.Add(stored.Sequence);
                continue;
            }

            var state = await EntityAsync(stored.EntityId).ConfigureAwait(true);
            state.Waiting.Enqueue(new EntityDelivery(new EntityMessageContext(stored.EntityId, stored.MessageId, stored.Sequence), message));
            _buffered++;
            DeliverNext(stored.EntityId);
        }

        if (_moreWaiting && _buffered < _env.Settings.FetchBatch * 2)
        {
            Self.Tell(FetchMessages.Instance, Self);
        }
    }

    private async Task<EntityState> EntityAsync(string entityId)
    {
        if (_entities.TryGetValue(entityId, out var state))
        {
            return state;
        }

        state = SpawnEntity(entityId);
        if (_env.Settings.RememberEntities)
        {
            await _env.Store.RememberEntityAsync(_env.Type.Name, _shard, entityId, CancellationToken.None).ConfigureAwait(true);
        }

        return state;
    }

    private EntityState SpawnEntity(string entityId)
    {
        // A numbered name: a passivated instance of the same key may still be stopping.
        var actor = Context.Spawn(_env.EntityProps(entityId), $"e-{Uri.EscapeDataString(entityId)}-{++_spawned}");
        Context.Watch(actor);
        var state = new EntityState(actor) { LastActive = Now };
        _entities[entityId] = state;
        _keys[actor] = entityId;
        return state;
    }

    /// <summary>Gives the entity its next message unless one is in progress.</summary>
    private void DeliverNext(string entityId)
    {
        if (_handingOff || !_entities.TryGetValue(entityId, out var state) || state.InFlight is not null || state.Waiting.Count == 0)
        {
            return;
        }

        state.InFlight = state.Waiting.Dequeue();
        state.Actor.Tell(state.InFlight, Self);
    }

    private async Task HandleCompletedAsync(EntityDeliveryCompleted completed)
    {
        if (!_entities.TryGetValue(completed.EntityId, out var state) || state.InFlight?.Context.Sequence != completed.Sequence)
        {
            return;
        }

        state.InFlight = null;
        state.LastActive = Now;
        _buffered--;
        _pendingAcks.Add(completed.Sequence);
        if (_handingOff)
        {
            if (_entities.Values.All(e => e.InFlight is null))
            {
                await CompleteHandOffAsync().ConfigureAwait(true);
            }

            return;
        }

        DeliverNext(completed.EntityId);
        if (_pendingAcks.Count >= AckBatch)
        {
            await FlushAcksAsync().ConfigureAwait(true);
        }

        if (_moreWaiting && _buffered < _env.Settings.FetchBatch)
        {
            _moreWaiting = false;
            Self.Tell(FetchMessages.Instance, Self);
        }
    }

    private async Task HandleFailedAsync(EntityDeliveryFailed failed)
    {
        if (!_entities.TryGetValue(failed.EntityId, out var state) || state.InFlight?.Context.Sequence != failed.Sequence)
        {
            return;
        }

        if (_handingOff)
        {
            // The new owner delivers it again.
            state.InFlight = null;
            _buffered--;
            if (_entities.Values.All(e => e.InFlight is null))
            {
                await CompleteHandOffAsync().ConfigureAwait(true);
            }

            return;
        }

        ClusterLog.HandlerFailed(Log, state.InFlight.Context.MessageId, failed.EntityId, _env.Type.Name, failed.Cause);
        // Put it back at the head so order holds, and try again after the entity restarted.
        var retry = new Queue<EntityDelivery>([state.InFlight, .. state.Waiting]);
        state.Waiting.Clear();
        foreach (var delivery in retry)
        {
            state.Waiting.Enqueue(delivery);
        }

        state.InFlight = null;
        Timers.StartSingleTimer(("retry", failed.EntityId), new RetryEntity(failed.EntityId), _env.Settings.RetryDelay);
    }

    private void HandleTerminated(Terminated terminated)
    {
        if (!_keys.Remove(terminated.ActorRef, out var entityId) || !_entities.Remove(entityId, out var state))
        {
            return;
        }

        // The entity stopped (supervision gave up, or passivation raced a message): its unhandled
        // messages go to a fresh instance.
        var waiting = state.InFlight is null ? state.Waiting.ToList() : [state.InFlight, .. state.Waiting];
        if (waiting.Count > 0 && !_handingOff)
        {
            RestartEntity(entityId, waiting);
        }
        else
        {
            _buffered -= waiting.Count;
        }
    }

    private void RestartEntity(string entityId, List<EntityDelivery> waiting)
    {
        var state = SpawnEntity(entityId);
        foreach (var delivery in waiting)
        {
            state.Waiting.Enqueue(delivery);
        }

        DeliverNext(entityId);
    }

    private async Task FlushAcksAsync()
    {
        if (_pendingAcks.Count == 0)
        {
            return;
        }

        var acks = _pendingAcks.ToArray();
        try
        {
            await _env.Store.AckShardMessagesAsync(_env.Type.Name, acks, CancellationToken.None).ConfigureAwait(true);
            _pendingAcks.Clear();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Kept for the next flush; if the node dies first, the messages are delivered again (deduplicated).
            ClusterLog.StoreCallFailed(Log, "ack", _env.Type.Name, _shard, e);
        }
    }

    private async Task HandlePassivateAsync()
    {
        var cutoff = Now - _env.Settings.PassivateIdleAfter;
        foreach (var (entityId, state) in _entities.Where(e => e.Value.InFlight is null && e.Value.Waiting.Count == 0 && e.Value.LastActive < cutoff).ToList())
        {
            _entities.Remove(entityId);
            _keys.Remove(state.Actor);
            Context.Unwatch(state.Actor);
            Context.Stop(state.Actor);
            if (_env.Settings.RememberEntities)
            {
                await _env.Store.ForgetEntityAsync(_env.Type.Name, _shard, entityId, CancellationToken.None).ConfigureAwait(true);
            }
        }
    }

    private async Task HandleStartRememberedAsync()
    {
        foreach (var entityId in await _env.Store.GetRememberedEntitiesAsync(_env.Type.Name, _shard, CancellationToken.None).ConfigureAwait(true))
        {
            (await EntityAsync(entityId).ConfigureAwait(true)).LastActive = Now;
        }
    }

    private async Task HandleHandOffAsync()
    {
        if (_handingOff)
        {
            return;
        }

        _handingOff = true;
        Timers.Cancel("poll");
        foreach (var state in _entities.Values)
        {
            // Messages read but not started stay in the inbox for the new owner.
            _buffered -= state.Waiting.Count;
            state.Waiting.Clear();
        }

        if (_entities.Values.All(e => e.InFlight is null))
        {
            await CompleteHandOffAsync().ConfigureAwait(true);
        }
        else
        {
            Timers.StartSingleTimer("handoff", HandOffDeadline.Instance, HandOffTimeout);
        }
    }

    private async Task CompleteHandOffAsync()
    {
        await FlushAcksAsync().ConfigureAwait(true);
        try
        {
            await _env.Store.CompleteHandOffAsync(_env.Type.Name, _shard, _env.Address, CancellationToken.None).ConfigureAwait(true);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The region sees the hand-off still pending in its next round and asks a new shard actor again.
            ClusterLog.StoreCallFailed(Log, "hand-off", _env.Type.Name, _shard, e);
        }

        Context.Stop(Self);
    }

    protected override void PostStop()
    {
        // Best effort: handled messages not yet deleted would otherwise be delivered again.
        if (_pendingAcks.Count > 0)
        {
            _ = _env.Store.AckShardMessagesAsync(_env.Type.Name, _pendingAcks.ToArray(), CancellationToken.None);
        }
    }

    /// <summary>One entity as its shard sees it.</summary>
    private sealed class EntityState(IActorRef actor)
    {
        public IActorRef Actor { get; } = actor;

        public Queue<EntityDelivery> Waiting { get; } = new();

        public EntityDelivery? InFlight { get; set; }

        public DateTimeOffset LastActive { get; set; }
    }
}
