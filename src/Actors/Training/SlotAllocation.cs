namespace PoseCluster.Actors.Training;

/// <summary>How the trainer pool picks slots for a claim: a pure function, so it is tested on its own.</summary>
internal static class SlotAllocation
{
    /// <summary>
    /// Between <paramref name="min"/> and <paramref name="max"/> slots from the free ones, or null when fewer
    /// than <paramref name="min"/> are free. Ranks are packed: the nodes with the most free slots first (ties
    /// by address), as many slots from each as it has, so ranks share a node's loopback before the network.
    /// </summary>
    public static IReadOnlyList<(string Address, int Count)>? Choose(IReadOnlyDictionary<string, int> free, int min, int max)
    {
        ArgumentNullException.ThrowIfNull(free);
        ArgumentOutOfRangeException.ThrowIfLessThan(min, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, min);
        if (free.Values.Where(f => f > 0).Sum() < min)
        {
            return null;
        }

        var chosen = new List<(string, int)>();
        var wanted = max;
        foreach (var (address, slots) in free.Where(f => f.Value > 0).OrderByDescending(f => f.Value).ThenBy(f => f.Key, StringComparer.Ordinal))
        {
            var take = Math.Min(slots, wanted);
            chosen.Add((address, take));
            wanted -= take;
            if (wanted == 0)
            {
                break;
            }
        }

        return chosen;
    }
}
