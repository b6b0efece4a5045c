using PoseCluster.Datasets.AugMotion;
using PoseCluster.Datasets.Geometry;
using PoseCluster.Datasets.Tests.Support;
using PoseCluster.Datasets.Windows;

namespace PoseCluster.Datasets.Tests.AugMotion;

public sealed class SequenceHarmonizerTests
{
    private static readonly AugMotionOptions Options = new();
    private static readonly CanonicalTriangle Triangle = new(360, 480);

    [Fact]
    public void The_key_frame_lands_on_the_canonical_triangle_within_its_rmsd_and_bones_keep_their_lengths()
    {
        var poses = new TestPoses(60);
        for (var trial = 0; trial < 20; trial++)
        {
            var sequence = poses.Sequence("h36m", "S1", $"A{trial}", "world", 80, new(0, 0, 1), poses.Uniform(0.8, 1.2));
            var plan = SequenceHarmonizer.Plan(sequence, Options);
            Assert.Null(plan.RejectReason);
            var result = SequenceHarmonizer.Harmonize(sequence, plan, Triangle, 16, 16, DataSplit.Train, out var reason);
            Assert.Null(reason);
            Assert.NotNull(result);

            var (l, r, p) = ReferenceStatistics.ReferencePoints(result.Sequence.Frame(result.KeyFrame));
            double[] distances = [(l - Triangle.LeftShoulder).Length, (r - Triangle.RightShoulder).Length, (p - Triangle.Pelvis).Length];
            var rmsd = Math.Sqrt(distances.Select(d => d * d).Average());
            Assert.Equal(result.RmsdMm, rmsd, 1e-2);
            Assert.All(distances, d => Assert.True(d <= (Math.Sqrt(3) * result.RmsdMm) + 1e-2));
            Assert.Equal(1.0, result.Transform.Rotation.Determinant(), 1e-9);

            // Right-handed universal frame: y from left to right shoulder, z towards the pelvis.
            Assert.True(r.Y - l.Y > 0);
            Assert.True(p.Z > 0);

            for (var f = 0; f < sequence.FrameCount; f++)
            {
                foreach (var (parent, child) in PoseCluster.Datasets.Skeleton.H36mSkeleton.Bones)
                {
                    var before = Vector3d.Distance(Vector3d.At(sequence.Frame(f), parent), Vector3d.At(sequence.Frame(f), child));
                    var after = Vector3d.Distance(Vector3d.At(result.Sequence.Frame(f), parent), Vector3d.At(result.Sequence.Frame(f), child));
                    Assert.True(Math.Abs(before - after) < 0.01, $"bone {parent}-{child} of frame {f}: {before} mm became {after} mm");
                }
            }

            Assert.Equal(5, result.WindowStarts.Count);
        }
    }

    [Fact]
    public void Invalid_frames_stay_nan_after_projection_and_split_the_windows()
    {
        var poses = new TestPoses(61);
        var sequence = TestPoses.WithInvalid(poses.Sequence("mads", "S2", "Jazz", "world", 50, new(0, 0, 1)), 20);
        var plan = SequenceHarmonizer.Plan(sequence, Options);
        var result = SequenceHarmonizer.Harmonize(sequence, plan, Triangle, 8, 8, DataSplit.Val, out _)!;
        Assert.All(result.Sequence.Frame(20).ToArray(), v => Assert.True(float.IsNaN(v)));
        Assert.All(result.Sequence.Frame(21).ToArray(), v => Assert.True(float.IsFinite(v)));
        Assert.Equal([0, 8, 21, 29, 37], result.WindowStarts);
        var clips = result.Clips().ToList();
        Assert.Equal(5, clips.Count);
        Assert.Equal("mads/S2/Jazz.world@21", clips[2].ClipId);
        Assert.Equal(result.Sequence.Positions.AsSpan(21 * 51, 8 * 51).ToArray(), clips[2].Pose3d);
        Assert.Equal(DataSplit.Val, clips[2].Split);
    }

    [Fact]
    public void All_nan_sequences_are_rejected_with_a_reason()
    {
        var poses = new TestPoses(62);
        var sequence = TestPoses.WithInvalid(poses.Sequence("h36m", "S1", "Eat", "world", 4, new(0, 0, 1)), 0, 1, 2, 3);
        Assert.Contains("no valid frames", SequenceHarmonizer.Plan(sequence, Options).RejectReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_nan_inside_a_frame_marked_valid_is_rejected_naming_frame_and_joint()
    {
        var poses = new TestPoses(63);
        var sequence = poses.Sequence("h36m", "S1", "Eat", "world", 10, new(0, 0, 1));
        var plan0 = SequenceHarmonizer.Plan(sequence, Options);
        sequence.Positions[(plan0.KeyFrame * 51) + (14 * 3) + 1] = float.NaN;
        var plan = SequenceHarmonizer.Plan(sequence, Options);
        Assert.Equal($"frame {plan0.KeyFrame} is marked valid but joint 14 is NaN or infinite", plan.RejectReason);
    }

    [Fact]
    public void Zero_shoulder_width_is_rejected()
    {
        var poses = new TestPoses(64);
        var sequence = poses.Sequence("aistpp", "d01", "dance", "world", 10, new(0, 1, 0));
        for (var f = 0; f < 10; f++)
        {
            sequence.Frame(f).Slice(11 * 3, 3).CopyTo(sequence.Positions.AsSpan((f * 51) + (14 * 3), 3));
        }

        Assert.StartsWith("zero shoulder width in key frame", SequenceHarmonizer.Plan(sequence, Options).RejectReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Collinear_reference_points_are_rejected()
    {
        var poses = new TestPoses(65);
        var sequence = poses.Sequence("3dhp", "S1", "Seq1", "0", 10, new(0, -1, 0));
        for (var f = 0; f < 10; f++)
        {
            // Pelvis at the shoulder midpoint plus a bit along the shoulder line.
            var l = Vector3d.At(sequence.Frame(f), 11);
            var r = Vector3d.At(sequence.Frame(f), 14);
            var p = (0.5 * (l + r)) + (0.25 * (r - l));
            sequence.Positions[f * 51] = (float)p.X;
            sequence.Positions[(f * 51) + 1] = (float)p.Y;
            sequence.Positions[(f * 51) + 2] = (float)p.Z;
        }

        Assert.StartsWith("collinear reference points in key frame", SequenceHarmonizer.Plan(sequence, Options).RejectReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sequence_that_changed_between_passes_is_rejected()
    {
        var poses = new TestPoses(66);
        var sequence = poses.Sequence("h36m", "S1", "Eat", "world", 40, new(0, 0, 1));
        var plan = SequenceHarmonizer.Plan(sequence, Options) with { FrameCount = 41 };
        Assert.Null(SequenceHarmonizer.Harmonize(sequence, plan, Triangle, 16, 16, DataSplit.Train, out var reason));
        Assert.Contains("changed between the two passes", reason, StringComparison.Ordinal);
    }
}
