using PoseCluster.Runtime.Actors;

namespace PoseCluster.Runtime.Cluster;

/// <summary>
/// Runs a cluster singleton on this node while it holds the singleton's lease in the store: tries to
/// take the lease every heartbeat interval (it succeeds when the lease is free or its holder is not
/// up), starts the singleton actor when it has it, and stops it when the lease is lost.
/// </summary>
internal sealed class SingletonManagerActor : ReceiveActor
{
    private readonly IClusterStore _store;
    private readonly string _name;
    private readonly Props _props;
    private readonly string _address;
    private readonly TimeSpan _interval;

    // The running singleton, while this node holds the lease.
    private IActorRef? _singleton;

    public SingletonManagerActor(IClusterStore store, string name, Props props, string address, TimeSpan interval)
    {
        _store = store;
        _name = name;
        _props = props;
        _address = address;
        _interval = interval;
        ReceiveAsync<SingletonTick>(_ => HandleTickAsync());
        ReceiveAsync<ReleaseSingleton>(_ => HandleReleaseAsync());
        Receive<Terminated>(t => { if (t.ActorRef.Equals(_singleton)) { _singleton = null; } });
    }

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer("tick", SingletonTick.Instance, _interval);
        Self.Tell(SingletonTick.Instance, Self);
    }

    private async Task HandleTickAsync()
    {
        bool held;
        try
        {
            held = await _store.TryAcquireSingletonAsync(_name, _address, CancellationToken.None).ConfigureAwait(true);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            ClusterLog.MembershipCallFailed(Log, "singleton " + _name, e);
            return;
        }

        if (held && _singleton is null)
        {
            ClusterLog.SingletonStarted(Log, _name);
            _singleton = Context.Watch(Context.Spawn(_props, "singleton-" + Guid.NewGuid().ToString("N")[..8]));
        }
        else if (!held && _singleton is not null)
        {
            ClusterLog.SingletonLost(Log, _name);
            Context.Stop(_singleton);
            _singleton = null;
        }
    }

    private async Task HandleReleaseAsync()
    {
        Timers.CancelAll();
        if (_singleton is not null)
        {
            Context.Stop(_singleton);
            _singleton = null;
        }

        await _store.ReleaseSingletonAsync(_name, _address, CancellationToken.None).ConfigureAwait(true);
        Sender.Tell(MembershipDone.Instance, Self);
    }

    /// <summary>Try to take or keep the lease.</summary>
    private sealed record SingletonTick
    {
        public static SingletonTick Instance { get; } = new();
    }
}

/// <summary>Singleton manager: stop the singleton and give the lease up (graceful leave); replies <see cref="MembershipDone"/>.</summary>
internal sealed record ReleaseSingleton
{
    public static ReleaseSingleton Instance { get; } = new();
}
