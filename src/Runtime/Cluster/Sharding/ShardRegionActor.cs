using PoseCluster.Runtime.Actors;

namespace PoseCluster.Runtime.Cluster.Sharding;

/// <summary>
/// The shard region of one entity type on this node: runs allocation rounds in the store, starts a
/// <see cref="ShardActor"/> for every shard the store says this node owns, asks shards to hand off
/// when the store says so, stops shards this node no longer owns, routes wake-ups to shards, and
/// writes <see cref="ShardingEnvelope"/>s told to it into the inboxes.
/// </summary>
internal sealed class ShardRegionActor : ReceiveActor
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(20);

    private readonly ShardEnvironment _env;
    private readonly ShardingClient _client;

    // Running shard actors by shard number, and back.
    private readonly Dictionary<int, IActorRef> _shards = [];
    private readonly Dictionary<IActorRef, int> _numbers = [];

    public ShardRegionActor(ShardEnvironment env)
    {
        _env = env;
        _client = new ShardingClient(env.Store);
        ReceiveAsync<AllocateShards>(_ => HandleAllocateAsync());
        Receive<AllocateSoon>(_ => Timers.StartSingleTimer("allocate-soon", AllocateShards.Instance, Debounce));
        Receive<ShardSignal>(s => _shards.GetValueOrDefault(s.Shard)?.Tell(FetchMessages.Instance, Self));
        Receive<Terminated>(t => { if (_numbers.Remove(t.ActorRef, out var shard)) { _shards.Remove(shard); } });
        ReceiveAsync<ShardingEnvelope>(HandleEnvelopeAsync);
        Receive<StopAllShards>(_ => StopAll());
        Receive<GetLocalShards>(_ => Sender.Tell(new LocalShards([.. _shards.Keys.Order()]), Self));
    }

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer("allocate", AllocateShards.Instance, _env.Settings.AllocationInterval);
        Self.Tell(AllocateShards.Instance, Self);
    }

    private async Task HandleAllocateAsync()
    {
        IReadOnlyList<ShardLease> leases;
        try
        {
            var request = new ShardAllocationRequest(_env.Type.Name, _env.Type.ShardCount, _env.Type.Role, _env.Settings.MaxSimultaneousRebalance, _env.Settings.MinMembers);
            leases = await _env.Store.AllocateShardsAsync(request, CancellationToken.None).ConfigureAwait(true);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            ClusterLog.StoreCallFailed(Log, "allocate", _env.Type.Name, -1, e);
            return;
        }

        foreach (var lease in leases)
        {
            var mine = lease.Owner == _env.Address;
            var running = _shards.TryGetValue(lease.Shard, out var shard);
            if (mine && lease.HandOffTo is null && !running)
            {
                StartShard(lease.Shard);
            }
            else if (mine && lease.HandOffTo is not null)
            {
                if (running)
                {
                    shard!.Tell(HandOffShard.Instance, Self);
                }
                else
                {
                    // Nothing runs here for it: hand it over at once.
                    await _env.Store.CompleteHandOffAsync(_env.Type.Name, lease.Shard, _env.Address, CancellationToken.None).ConfigureAwait(true);
                }
            }
            else if (!mine && running)
            {
                // Taken away without a hand-off (this node was considered down): stop delivering now.
                Context.Stop(shard!);
            }
        }
    }

    private void StartShard(int number)
    {
        var shard = Context.Spawn(Props.Create(() => new ShardActor(_env, number)), $"shard-{number}");
        Context.Watch(shard);
        _shards[number] = shard;
        _numbers[shard] = number;
    }

    private void StopAll()
    {
        foreach (var shard in _shards.Values)
        {
            Context.Stop(shard);
        }
    }

    private async Task HandleEnvelopeAsync(ShardingEnvelope envelope)
    {
        try
        {
            await _client.TellAsync(_env.Type, envelope.EntityId, envelope.Message, envelope.MessageId, CancellationToken.None).ConfigureAwait(true);
            if (Sender != Context.System.DeadLetters)
            {
                Sender.Tell(new Status.Success(envelope.MessageId), Self);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Sender.Tell(new Status.Failure(e), Self);
        }
    }
}
