using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Akka.Persistence;

namespace PoseCluster.Actors.Training;

/// <summary>
/// The cluster's trainer slots (ARCHITECTURE §7; a cluster singleton). Nodes with the role "trainer" advertise
/// their slots (<see cref="RegisterTrainerNode"/>, repeated, so a new pool after a failover learns them within
/// one interval); an experiment claims between min and max free slots for an attempt in one step and releases
/// them when the attempt ends. Claims are persisted (a pool that moves keeps them); the nodes are not: they
/// come from the advertisements and the cluster's membership (an unreachable node's slots are not offered, a
/// removed node is forgotten).
/// </summary>
public sealed class TrainerPool : ReceivePersistentActor
{
    /// <summary>Name of the singleton (and its persistence id).</summary>
    public const string Name = "trainer-pool";

    private const int SnapshotEvery = 100;

    // Open claims: claim id → slots per node address (persisted).
    private readonly Dictionary<string, Dictionary<string, int>> claims = new(StringComparer.Ordinal);
    // Advertised nodes: address → slots and host (from advertisements, not persisted).
    private readonly Dictionary<string, (int Slots, IActorRef Host)> nodes = new(StringComparer.Ordinal);
    // Addresses the failure detector marks unreachable.
    private readonly HashSet<string> unreachable = new(StringComparer.Ordinal);
    private readonly ILoggingAdapter log = Context.GetLogger();

    /// <summary>Creates the pool.</summary>
    public TrainerPool()
    {
        Recover<SlotsClaimRecorded>(Apply);
        Recover<SlotsClaimReleased>(Apply);
        Recover<SnapshotOffer>(offer => Restore((TrainerPoolSnapshot)offer.Snapshot));
        Command<RegisterTrainerNode>(HandleRegister);
        Command<ClaimSlots>(HandleClaim);
        Command<ReleaseSlots>(HandleRelease);
        Command<GetTrainerSlots>(_ => Sender.Tell(Report()));
        Command<ClusterEvent.UnreachableMember>(e => unreachable.Add(e.Member.Address.ToString()));
        Command<ClusterEvent.ReachableMember>(e => unreachable.Remove(e.Member.Address.ToString()));
        Command<ClusterEvent.MemberRemoved>(e => Forget(e.Member.Address.ToString()));
        Command<ClusterEvent.IMemberEvent>(_ => { });
        Command<ClusterEvent.CurrentClusterState>(state =>
        {
            foreach (var member in state.Unreachable)
            {
                unreachable.Add(member.Address.ToString());
            }
        });
        Command<SaveSnapshotSuccess>(_ => { });
        Command<SaveSnapshotFailure>(failure => log.Warning(failure.Cause, "trainer pool: snapshot failed"));
    }

    /// <inheritdoc />
    public override string PersistenceId => Name;

    /// <summary>Props of the pool singleton.</summary>
    public static Props Props() => Akka.Actor.Props.Create(() => new TrainerPool());

    /// <inheritdoc />
    protected override void PreStart()
    {
        base.PreStart();
        Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot,
            typeof(ClusterEvent.IReachabilityEvent), typeof(ClusterEvent.IMemberEvent));
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        Cluster.Get(Context.System).Unsubscribe(Self);
        base.PostStop();
    }

    private void HandleRegister(RegisterTrainerNode node)
    {
        if (!nodes.TryGetValue(node.Address, out var known) || known.Slots != node.Slots || !known.Host.Equals(node.Host))
        {
            log.Info("trainer pool: node {0} offers {1} slot(s)", node.Address, node.Slots);
        }

        nodes[node.Address] = (node.Slots, node.Host);
    }

    private void HandleClaim(ClaimSlots claim)
    {
        if (claims.TryGetValue(claim.Claim, out var held))
        {
            if (held.Keys.All(nodes.ContainsKey))
            {
                // A retried claim (its answer was lost) gets its grant again.
                Sender.Tell(Grant(claim.Claim, held));
                return;
            }

            // A node of the grant is gone before the claimant started anything: forget the grant, claim anew.
            var claimant = Sender;
            Persist(new SlotsClaimReleased(claim.Claim), released =>
            {
                Apply(released);
                Self.Tell(claim, claimant);
            });
            return;
        }

        var free = nodes.Where(n => !unreachable.Contains(n.Key)).ToDictionary(n => n.Key, n => Math.Max(0, n.Value.Slots - Busy(n.Key)), StringComparer.Ordinal);
        var chosen = SlotAllocation.Choose(free, claim.Min, claim.Max);
        if (chosen is null)
        {
            Sender.Tell(new SlotsUnavailable(claim.Claim, free.Values.Sum(), free.Keys.Sum(a => nodes[a].Slots)));
            return;
        }

        var sender = Sender;
        Persist(new SlotsClaimRecorded(claim.Claim, chosen.ToDictionary(c => c.Address, c => c.Count, StringComparer.Ordinal)), recorded =>
        {
            Apply(recorded);
            sender.Tell(Grant(claim.Claim, claims[claim.Claim], chosen.Select(c => c.Address).ToList()));
            SnapshotWhenDue();
        });
    }

    private void HandleRelease(ReleaseSlots release)
    {
        if (!claims.ContainsKey(release.Claim))
        {
            Sender.Tell(new SlotsReleased(release.Claim));
            return;
        }

        var sender = Sender;
        Persist(new SlotsClaimReleased(release.Claim), released =>
        {
            Apply(released);
            sender.Tell(new SlotsReleased(release.Claim));
            SnapshotWhenDue();
        });
    }

    private SlotsGranted Grant(string claim, Dictionary<string, int> held, IReadOnlyList<string>? order = null)
    {
        var addresses = order ?? [.. held.Keys.OrderBy(a => a, StringComparer.Ordinal)];
        return new SlotsGranted(claim, [.. addresses.Select(a => new GrantedSlots(a, held[a], nodes[a].Host))]);
    }

    private int Busy(string address) => claims.Values.Sum(c => c.GetValueOrDefault(address));

    private TrainerSlotsReport Report() => new([.. nodes.OrderBy(n => n.Key, StringComparer.Ordinal)
        .Select(n => new TrainerNodeSlots(n.Key, n.Value.Slots, Busy(n.Key), !unreachable.Contains(n.Key)))]);

    private void Forget(string address)
    {
        unreachable.Remove(address);
        if (nodes.Remove(address))
        {
            log.Info("trainer pool: node {0} left the cluster; its slots are gone", address);
        }
    }

    private void Apply(SlotsClaimRecorded recorded) => claims[recorded.Claim] = new Dictionary<string, int>(recorded.Slots, StringComparer.Ordinal);

    private void Apply(SlotsClaimReleased released) => claims.Remove(released.Claim);

    private void Restore(TrainerPoolSnapshot snapshot)
    {
        claims.Clear();
        foreach (var (claim, slots) in snapshot.Claims)
        {
            claims[claim] = new Dictionary<string, int>(slots, StringComparer.Ordinal);
        }
    }

    private void SnapshotWhenDue()
    {
        if (LastSequenceNr % SnapshotEvery == 0)
        {
            SaveSnapshot(new TrainerPoolSnapshot(claims.ToDictionary(c => c.Key, c => (IReadOnlyDictionary<string, int>)c.Value, StringComparer.Ordinal)));
        }
    }
}
