using PoseCluster.Datasets.Windows;

namespace PoseCluster.Datasets.Tests.Windows;

public sealed class WindowPlannerTests
{
    private static bool[] Mask(string pattern) => pattern.Select(c => c == '1').ToArray();

    [Theory]
    [InlineData(16, 16, 16, new[] { 0 })]
    [InlineData(31, 16, 16, new[] { 0 })]
    [InlineData(32, 16, 16, new[] { 0, 16 })]
    [InlineData(15, 16, 16, new int[0])]
    [InlineData(20, 4, 3, new[] { 0, 3, 6, 9, 12, 15 })]
    public void A_fully_valid_sequence_gets_windows_at_every_stride_that_fit_and_drops_the_partial_tail(int frames, int length, int stride, int[] expected)
    {
        var valid = Enumerable.Repeat(true, frames).ToArray();
        Assert.Equal(expected, WindowPlanner.Starts(valid, length, stride));
        Assert.Equal(expected.Length, WindowPlanner.CountInRun(frames, length, stride));
    }

    [Fact]
    public void Windows_never_cross_an_invalid_frame_and_restart_after_it()
    {
        //                     0123456789012345678
        var valid = Mask("1111101111111110111");
        Assert.Equal([0, 6, 9], WindowPlanner.Starts(valid, 4, 3));
    }

    [Fact]
    public void Random_masks_follow_the_rule_run_by_run()
    {
        var random = new Random(5);
        for (var trial = 0; trial < 500; trial++)
        {
            var valid = Enumerable.Range(0, random.Next(0, 200)).Select(_ => random.NextDouble() > 0.05).ToArray();
            int length = random.Next(1, 20), stride = random.Next(1, 20);
            var starts = WindowPlanner.Starts(valid, length, stride);
            foreach (var s in starts)
            {
                Assert.All(valid.AsSpan(s, length).ToArray(), Assert.True);
            }

            var expected = 0;
            var run = 0;
            foreach (var v in valid.Append(false))
            {
                if (v)
                {
                    run++;
                }
                else
                {
                    expected += WindowPlanner.CountInRun(run, length, stride);
                    run = 0;
                }
            }

            Assert.Equal(expected, starts.Count);
        }
    }
}
