using System.Numerics;
using PoseCluster.Datasets.AugMotion;
using PoseCluster.Datasets.Geometry;
using PoseCluster.Datasets.Tests.Support;

namespace PoseCluster.Datasets.Tests.AugMotion;

public sealed class KeyFrameSelectorTests
{
    private static readonly AugMotionOptions Options = new();

    [Fact]
    public void The_key_frame_is_upright_and_the_choice_is_the_same_for_the_same_seed()
    {
        var poses = new TestPoses(50);
        foreach (var up in new[] { new Vector3(0, 0, 1), new Vector3(0, 1, 0), new Vector3(0, -1, 0) })
        {
            var sequence = poses.Sequence("h36m", "S1", "Walk", "world", 200, up);
            var first = KeyFrameSelector.Select(sequence, Options);
            var second = KeyFrameSelector.Select(sequence, Options);
            Assert.Null(first.RejectReason);
            Assert.Equal(first, second);
            Assert.False(first.UsedAllValidFrames);
            Assert.InRange(first.UprightFrames, 100, 199);
            Assert.True(KeyFrameSelector.IsUpright(sequence.Frame(first.Frame), new(up.X, up.Y, up.Z), Math.Cos(15 * Math.PI / 180)));
        }
    }

    [Fact]
    public void The_key_frame_is_the_member_nearest_the_centre_of_the_largest_cluster()
    {
        // Three well-separated pose families of 10, 25 and 5 frames; the centre of the 25 is the pose
        // with zero offset, which sits in the middle of that family.
        var standing = TestPoses.Standing();
        var frames = new List<float[]>();
        void Add(int count, float wristOffset, float spread)
        {
            for (var i = 0; i < count; i++)
            {
                var pose = (float[])standing.Clone();
                pose[13 * 3] += wristOffset + (spread * (i - (count / 2)));
                frames.Add(pose);
            }
        }

        Add(10, 600, 1);
        Add(25, 0, 2);
        Add(5, -600, 1);
        var sequence = new PoseSequence("mads", "S0", "Kata", "world", 15, new(0, 0, 1), [.. frames.SelectMany(f => f)], Enumerable.Repeat(true, frames.Count).ToArray());
        var selection = KeyFrameSelector.Select(sequence, Options);
        Assert.Equal(10 + 12, selection.Frame);
    }

    [Fact]
    public void Fewer_than_three_upright_frames_fall_back_to_every_valid_frame()
    {
        var poses = new TestPoses(51);
        var sequence = poses.Sequence("aistpp", "d01", "dance", "world", 30, new(0, 1, 0));

        // Declare a sideways up axis: nothing is upright any more.
        var sideways = sequence with { UpAxis = new(1, 0, 0) };
        var selection = KeyFrameSelector.Select(sideways, Options);
        Assert.Null(selection.RejectReason);
        Assert.True(selection.UsedAllValidFrames);
        Assert.True(selection.UprightFrames < 3);
    }

    [Fact]
    public void A_sequence_without_valid_frames_is_rejected_with_a_reason()
    {
        var poses = new TestPoses(52);
        var sequence = TestPoses.WithInvalid(poses.Sequence("h36m", "S1", "Eat", "world", 5, new(0, 0, 1)), 0, 1, 2, 3, 4);
        var selection = KeyFrameSelector.Select(sequence, Options);
        Assert.Equal(-1, selection.Frame);
        Assert.Contains("no valid frames", selection.RejectReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_frames_are_never_chosen()
    {
        var poses = new TestPoses(53);
        var sequence = poses.Sequence("h36m", "S1", "Eat", "world", 60, new(0, 0, 1));
        var key = KeyFrameSelector.Select(sequence, Options).Frame;
        var without = TestPoses.WithInvalid(sequence, key);
        var selection = KeyFrameSelector.Select(without, Options);
        Assert.NotEqual(key, selection.Frame);
        Assert.True(without.Valid[selection.Frame]);
        Assert.True(Vector3d.At(without.Frame(selection.Frame), 0).IsFinite);
    }
}
