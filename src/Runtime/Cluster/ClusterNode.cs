using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using PoseCluster.Runtime.Actors;
using PoseCluster.Runtime.Cluster.Sharding;

namespace PoseCluster.Runtime.Cluster;

/// <summary>
/// This process as a cluster member: joins through the cluster store, heartbeats, hosts shard regions,
/// singletons and the node inbox on an <see cref="ActorSystem"/>, and leaves gracefully (handing its
/// shards over first). Create with <see cref="StartAsync"/>; dispose or call <see cref="LeaveAsync"/>.
/// </summary>
public sealed class ClusterNode : IAsyncDisposable
{
    private readonly ActorSystem _system;
    private readonly IClusterStore _store;
    private readonly ILogger _log;

    // Regions by entity type name, singleton managers by name; written by Start… on any thread.
    private readonly ConcurrentDictionary<string, IActorRef> _regions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IActorRef> _singletons = new(StringComparer.Ordinal);

    // The node inbox actor, once started.
    private IActorRef? _nodeInbox;

    // Store wake-ups; disposed on leave.
    private IAsyncDisposable? _subscription;

    private IActorRef _membership = null!;

    // 0 while a member; 1 once a leave started (LeaveAsync runs once).
    private int _leaving;

    private ClusterNode(ActorSystem system, IClusterStore store, ClusterSettings settings)
    {
        _system = system;
        _store = store;
        Settings = settings;
        _log = system.LoggerFactory.CreateLogger<ClusterNode>();
    }

    /// <summary>This node's settings.</summary>
    public ClusterSettings Settings { get; }

    /// <summary>This node's address.</summary>
    public string Address => Settings.Address;

    /// <summary>The cluster store this node uses.</summary>
    public IClusterStore Store => _store;

    /// <summary>Initializes the store, joins, and starts heartbeating.</summary>
    public static async Task<ClusterNode> StartAsync(ActorSystem system, IClusterStore store, ClusterSettings settings, CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var node = new ClusterNode(system, store, settings);
        var incarnation = await store.JoinAsync(settings.Address, settings.Roles, settings.Capacity, cancellationToken).ConfigureAwait(false);
        ClusterLog.Joined(node._log, settings.Address, incarnation, string.Join(',', settings.Roles));
        node._membership = system.Spawn(
            Props.Create(() => new MembershipActor(store, settings, incarnation, node.OnTopologyChanged, node.OnMembershipLost)),
            "cluster-membership");
        node._subscription = await store.SubscribeAsync(node.OnSignal, cancellationToken).ConfigureAwait(false);
        return node;
    }

    /// <summary>
    /// Starts the shard region of <paramref name="type"/> on this node and returns it: tell it
    /// <see cref="ShardingEnvelope"/>s to send. It hosts entities only if this node has the type's role.
    /// </summary>
    public IActorRef StartShardRegion(ShardedEntityType type, Func<string, Props> entityProps)
    {
        var env = new ShardEnvironment(_store, type, entityProps, Settings.Sharding, Address);
        var region = _system.Spawn(Props.Create(() => new ShardRegionActor(env)), "sharding-" + type.Name);
        _regions[type.Name] = region;
        return region;
    }

    /// <summary>Runs <paramref name="props"/> as the cluster singleton <paramref name="name"/> while this node holds its lease.</summary>
    public IActorRef StartSingleton(string name, Props props)
    {
        var manager = _system.Spawn(
            Props.Create(() => new SingletonManagerActor(_store, name, props, Address, Settings.HeartbeatInterval)),
            "singleton-" + name);
        _singletons[name] = manager;
        return manager;
    }

    /// <summary>Delivers this node's durable node-addressed messages of <paramref name="codec"/>'s types to <paramref name="target"/> as <see cref="NodeMessage"/>s.</summary>
    public IActorRef StartNodeInbox(MessageCodec codec, IActorRef target)
    {
        _nodeInbox = _system.Spawn(
            Props.Create(() => new NodeInboxActor(_store, Address, codec, target, Settings.Sharding.PollInterval, _system.Settings.AskTimeout)),
            "node-inbox");
        return _nodeInbox;
    }

    /// <summary>Writes a durable message into another node's inbox.</summary>
    public Task SendToNodeAsync(string address, MessageCodec codec, object message, string messageId, CancellationToken cancellationToken) =>
        _store.EnqueueNodeMessageAsync(address, codec.Serialize(message, messageId), cancellationToken);

    /// <summary>
    /// Graceful leave: marks this node leaving, stops its singletons, waits (at most
    /// <paramref name="timeout"/>) until every shard it owned is handed over, then marks it left.
    /// </summary>
    /// <returns>True if every shard was handed over in time.</returns>
    public async Task<bool> LeaveAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _leaving, 1) == 1)
        {
            return false;
        }

        var deadline = DateTimeOffset.UtcNow + timeout;
        await _membership.Ask<MembershipDone>(BeginLeave.Instance, timeout, cancellationToken).ConfigureAwait(false);
        foreach (var singleton in _singletons.Values)
        {
            await singleton.Ask<MembershipDone>(ReleaseSingleton.Instance, timeout, cancellationToken).ConfigureAwait(false);
        }

        var handedOver = false;
        var first = true;
        while (DateTimeOffset.UtcNow < deadline)
        {
            var owned = (await _store.GetShardLeasesAsync(null, cancellationToken).ConfigureAwait(false)).Count(l => l.Owner == Address);
            if (first)
            {
                ClusterLog.Leaving(_log, owned);
                first = false;
            }

            if (owned == 0)
            {
                handedOver = true;
                break;
            }

            var members = await _store.GetMembersAsync(cancellationToken).ConfigureAwait(false);
            if (!members.Any(m => m.Status == MemberStatus.Up && m.Address != Address))
            {
                // The last member: nobody to hand over to. The next node to join takes the shards.
                handedOver = true;
                break;
            }

            OnTopologyChanged();
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
        }

        await _membership.Ask<MembershipDone>(CompleteLeave.Instance, timeout, cancellationToken).ConfigureAwait(false);
        ClusterLog.Left(_log, Address);
        return handedOver;
    }

    /// <summary>Stops listening for store wake-ups. (Stopping the actors is the actor system's shutdown.)</summary>
    public async ValueTask DisposeAsync()
    {
        if (_subscription is not null)
        {
            await _subscription.DisposeAsync().ConfigureAwait(false);
            _subscription = null;
        }
    }

    private void OnSignal(ClusterSignal signal)
    {
        switch (signal.Kind)
        {
            case ClusterSignalKind.ShardMessage when _regions.TryGetValue(signal.EntityType, out var region):
                region.Tell(new ShardSignal(signal.Shard));
                break;
            case ClusterSignalKind.NodeMessage when signal.Address == Address:
                _nodeInbox?.Tell(FetchNodeMessages.Instance);
                break;
            case ClusterSignalKind.Topology:
                OnTopologyChanged();
                break;
        }
    }

    private void OnTopologyChanged()
    {
        foreach (var region in _regions.Values)
        {
            region.Tell(AllocateSoon.Instance);
        }
    }

    private void OnMembershipLost()
    {
        foreach (var region in _regions.Values)
        {
            region.Tell(StopAllShards.Instance);
        }
    }
}
