using PoseCluster.Actors.Training;

namespace PoseCluster.Actors.Tests.Training;

/// <summary>How the trainer pool picks slots for a claim.</summary>
public sealed class SlotAllocationTests
{
    [Fact]
    public void Ranks_are_packed_onto_the_nodes_with_the_most_free_slots_first()
    {
        var free = new Dictionary<string, int> { ["b"] = 1, ["a"] = 2, ["c"] = 2 };

        Assert.Equal([("a", 2), ("c", 1)], SlotAllocation.Choose(free, 1, 3));
        Assert.Equal([("a", 2), ("c", 2), ("b", 1)], SlotAllocation.Choose(free, 1, 8));
    }

    [Fact]
    public void Fewer_free_slots_than_the_minimum_claim_nothing()
    {
        var free = new Dictionary<string, int> { ["a"] = 1, ["b"] = 0 };

        Assert.Null(SlotAllocation.Choose(free, 2, 2));
        Assert.Equal([("a", 1)], SlotAllocation.Choose(free, 1, 2));
        Assert.Null(SlotAllocation.Choose(new Dictionary<string, int>(), 1, 1));
    }
}
