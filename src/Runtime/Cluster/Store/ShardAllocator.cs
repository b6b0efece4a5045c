namespace PoseCluster.Runtime.Cluster.Store;

/// <summary>
/// The allocation rules, as a pure function of the membership and the leases read inside the
/// allocation transaction: least-loaded allocation by role, hand-off of leaving members' shards,
/// and bounded rebalancing between live members.
/// </summary>
internal static class ShardAllocator
{
    /// <summary>Returns the leases that change (with their new owner, hand-off target and epoch).</summary>
    public static IReadOnlyList<ShardLease> Allocate(
        ShardAllocationRequest request, IReadOnlyList<ClusterMember> members, IReadOnlyList<ShardLease> leases)
    {
        var eligible = members
            .Where(m => m.Status == MemberStatus.Up && m.HasRole(request.Role))
            .Select(m => m.Address)
            .Order(StringComparer.Ordinal)
            .ToList();
        var leaving = members
            .Where(m => m.Status == MemberStatus.Leaving)
            .Select(m => m.Address)
            .ToHashSet(StringComparer.Ordinal);
        var current = leases.ToDictionary(l => l.Shard);
        var changed = new Dictionary<int, ShardLease>();

        void Set(ShardLease lease)
        {
            current[lease.Shard] = lease;
            changed[lease.Shard] = lease;
        }

        // A hand-off to a member that is no longer eligible is cancelled; the next steps pick again.
        foreach (var lease in current.Values.ToList())
        {
            if (lease.HandOffTo is { } target && !eligible.Contains(target))
            {
                Set(lease with { HandOffTo = null });
            }
        }

        if (eligible.Count == 0)
        {
            return [.. changed.Values];
        }

        // Until enough members are up, only shards that had a live owner are reallocated: a first
        // allocation with too few members would pile every shard onto the first node to start.
        var starting = eligible.Count < request.MinMembers;

        // Load = shards owned and not being handed away, plus shards being handed to the member.
        int Load(string address) => current.Values.Count(l =>
            (l.Owner == address && l.HandOffTo is null) || l.HandOffTo == address);

        string LeastLoaded() => eligible.MinBy(Load)!;

        // Shards without a live owner move at once: nobody is delivering their messages.
        foreach (var lease in current.Values.OrderBy(l => l.Shard).ToList())
        {
            var ownerLive = lease.Owner is { } owner && (eligible.Contains(owner) || leaving.Contains(owner));
            if (!ownerLive && !(starting && lease.Owner is null))
            {
                Set(lease with { Owner = LeastLoaded(), HandOffTo = null, Epoch = lease.Epoch + 1 });
            }
        }

        // A leaving member hands every shard over, not bounded by the rebalance limit: it wants to go.
        foreach (var lease in current.Values.OrderBy(l => l.Shard).ToList())
        {
            if (lease.Owner is { } owner && leaving.Contains(owner) && lease.HandOffTo is null)
            {
                Set(lease with { HandOffTo = LeastLoaded() });
            }
        }

        // Rebalance between live members while the spread exceeds one shard.
        var inFlight = current.Values.Count(l => l.HandOffTo is not null && l.Owner is { } o && !leaving.Contains(o));
        while (!starting && inFlight < request.MaxSimultaneousRebalance)
        {
            var most = eligible.MaxBy(Load)!;
            var least = LeastLoaded();
            if (Load(most) - Load(least) <= 1)
            {
                break;
            }

            var move = current.Values
                .Where(l => l.Owner == most && l.HandOffTo is null)
                .OrderByDescending(l => l.Shard)
                .First();
            Set(move with { HandOffTo = least });
            inFlight++;
        }

        return [.. changed.Values];
    }
}
