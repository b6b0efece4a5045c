using PoseCluster.Datasets.Sources;

namespace PoseCluster.Datasets.Tests.Sources;

public sealed class JointMapTests
{
    [Fact]
    public void The_maps_are_those_of_the_datasets_document()
    {
        Assert.Equal([0, 1, 2, 3, 6, 7, 8, 12, 13, 14, 15, 17, 18, 19, 25, 26, 27], Enumerable.Range(0, 17).Select(t => Assert.Single(H36mLoader.Map.SourcesOf(t))));
        Assert.Equal([4, 23, 24, 25, 18, 19, 20, 3, 5, 6, 7, 9, 10, 11, 14, 15, 16], Enumerable.Range(0, 17).Select(t => Assert.Single(Mpi3dhpLoader.Map.SourcesOf(t))));
        Assert.Equal([11, 12], AistppLoader.Map.SourcesOf(0));
        Assert.Equal([5, 6, 11, 12], AistppLoader.Map.SourcesOf(7));
        Assert.Equal([1, 2], AistppLoader.Map.SourcesOf(10));
        Assert.Equal([1, 0], MadsLoader.Map.SourcesOf(7));
        Assert.Equal([0, 18], MadsLoader.Map.SourcesOf(9));
    }

    [Fact]
    public void Averages_and_scales_and_a_nan_makes_the_whole_frame_invalid()
    {
        var map = JointMap.Average(2, [.. Enumerable.Repeat(new[] { 0, 1 }, 16).Prepend([1])]);
        double[] frames = [1, 2, 3, 3, 4, 5, double.NaN, 0, 0, 1, 1, 1];
        var (positions, valid) = map.Map(frames, 10);
        Assert.Equal([true, false], valid);
        Assert.Equal([30f, 40f, 50f, 20f, 30f, 40f], positions[..6]);
        Assert.All(positions[51..], v => Assert.True(float.IsNaN(v)));
    }

    [Fact]
    public void A_map_refuses_source_joints_outside_the_source_skeleton() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => JointMap.Select(3, [.. Enumerable.Range(0, 17)]));
}
