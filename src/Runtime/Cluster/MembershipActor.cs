using PoseCluster.Runtime.Actors;

namespace PoseCluster.Runtime.Cluster;

/// <summary>
/// Keeps this node a member: heartbeats every interval, marks members down whose heartbeat is older
/// than the failure timeout (any node may; the store makes it idempotent), rejoins when this node
/// itself was marked down, and runs the two steps of a graceful leave.
/// </summary>
internal sealed class MembershipActor : ReceiveActor
{
    private readonly IClusterStore _store;
    private readonly ClusterSettings _settings;
    private readonly Action _onTopologyChanged;
    private readonly Action _onMembershipLost;

    // The incarnation this node heartbeats as; replaced when it rejoins.
    private long _incarnation;

    // Set by BeginLeave: a failed heartbeat no longer rejoins.
    private bool _leaving;

    // Set by CompleteLeave: no more heartbeats.
    private bool _left;

    public MembershipActor(IClusterStore store, ClusterSettings settings, long incarnation, Action onTopologyChanged, Action onMembershipLost)
    {
        _store = store;
        _settings = settings;
        _incarnation = incarnation;
        _onTopologyChanged = onTopologyChanged;
        _onMembershipLost = onMembershipLost;
        ReceiveAsync<MembershipTick>(_ => HandleTickAsync());
        ReceiveAsync<BeginLeave>(_ => HandleBeginLeaveAsync());
        ReceiveAsync<CompleteLeave>(_ => HandleCompleteLeaveAsync());
    }

    protected override void PreStart() =>
        Timers.StartPeriodicTimer("tick", MembershipTick.Instance, _settings.HeartbeatInterval);

    private async Task HandleTickAsync()
    {
        if (_left)
        {
            return;
        }

        try
        {
            if (!await _store.HeartbeatAsync(_settings.Address, _incarnation, CancellationToken.None).ConfigureAwait(true) && !_leaving)
            {
                // Others consider this node dead and have taken its shards: stop delivering, then rejoin.
                ClusterLog.LostMembership(Log, _settings.Address);
                _onMembershipLost();
                _incarnation = await _store.JoinAsync(_settings.Address, _settings.Roles, _settings.Capacity, CancellationToken.None).ConfigureAwait(true);
                ClusterLog.Joined(Log, _settings.Address, _incarnation, string.Join(',', _settings.Roles));
            }

            var downed = await _store.MarkUnreachableDownAsync(_settings.FailureTimeout, CancellationToken.None).ConfigureAwait(true);
            foreach (var address in downed)
            {
                ClusterLog.MarkedDown(Log, address);
            }

            if (downed.Count > 0)
            {
                _onTopologyChanged();
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            ClusterLog.MembershipCallFailed(Log, "heartbeat", e);
        }
    }

    private async Task HandleBeginLeaveAsync()
    {
        _leaving = true;
        await _store.BeginLeaveAsync(_settings.Address, _incarnation, CancellationToken.None).ConfigureAwait(true);
        _onTopologyChanged();
        Sender.Tell(MembershipDone.Instance, Self);
    }

    private async Task HandleCompleteLeaveAsync()
    {
        await _store.CompleteLeaveAsync(_settings.Address, _incarnation, CancellationToken.None).ConfigureAwait(true);
        _left = true;
        Timers.CancelAll();
        Sender.Tell(MembershipDone.Instance, Self);
    }
}
