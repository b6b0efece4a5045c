using PoseCluster.Datasets.Geometry;
using PoseCluster.Datasets.Metrics;
using PoseCluster.Datasets.Tests.Support;

namespace PoseCluster.Datasets.Tests.Metrics;

public sealed class PoseMetricsTests
{
    /// <summary>Two frames of the standing pose, the second shifted (root-relative metrics ignore the shift).</summary>
    private static float[] TwoFrames(float[] frame) => [.. frame, .. TestPoses.Transform(frame, Matrix3x3d.Identity, new(100, -50, 20))];

    [Fact]
    public void A_perfect_prediction_scores_zero_error_and_full_pck_and_auc_just_below_full()
    {
        var gt = TwoFrames(TestPoses.Standing());
        var summary = PoseMetrics.Evaluate(gt, gt);
        Assert.Equal(0, summary.MpjpeMm, 1e-9);
        Assert.Equal(0, summary.PMpjpeMm, 1e-3);
        Assert.Equal(0, summary.NMpjpeMm, 1e-9);
        Assert.Equal(0, summary.MpjveMmPerFrame, 1e-9);
        Assert.Equal(100, summary.Pck150Percent);

        // Threshold 0 counts nothing (errors must be strictly below it): AUC = 30/31 of 100 %.
        Assert.Equal(100.0 * 30 / 31, summary.AucPercent, 1e-9);
    }

    [Fact]
    public void Mpjpe_of_one_joint_moved_by_a_3_4_5_vector_is_5_over_17()
    {
        var gt = TestPoses.Standing();
        var predicted = (float[])gt.Clone();
        predicted[(13 * 3)] += 30;
        predicted[(13 * 3) + 1] += 40;
        Assert.Equal(50.0 / 17, PoseMetrics.Mpjpe(predicted, gt), 1e-6);
    }

    [Fact]
    public void Mpjpe_is_root_relative_so_a_global_shift_costs_nothing_but_moving_the_pelvis_alone_costs_every_joint()
    {
        var gt = TestPoses.Standing();
        var shifted = TestPoses.Transform(gt, Matrix3x3d.Identity, new(500, 500, 500));
        Assert.Equal(0, PoseMetrics.Mpjpe(shifted, gt), 1e-4);
        var pelvisMoved = (float[])gt.Clone();
        pelvisMoved[2] += 17;
        Assert.Equal(16.0, PoseMetrics.Mpjpe(pelvisMoved, gt), 1e-4); // 16 joints off by 17 mm, the root by 0
    }

    [Fact]
    public void Pck_counts_only_the_14_joints_and_only_errors_strictly_below_150_mm()
    {
        var gt = TestPoses.Standing();
        var predicted = (float[])gt.Clone();
        predicted[(9 * 3)] += 400;       // neck/nose: excluded from PCK
        predicted[(7 * 3)] += 400;       // spine: excluded
        predicted[(13 * 3)] += 150;      // exactly 150: not below
        predicted[(16 * 3)] += 149.5f;   // below
        Assert.Equal(100.0 * 13 / 14, PoseMetrics.Pck(predicted, gt), 1e-9);

        // AUC: 12 joints at 0 error pass thresholds 5..150 (30 of 31), the 149.5 mm joint passes only 150,
        // the 150 mm joint none.
        var expected = ((12 * 30) + 1) / (31.0 * 14) * 100;
        Assert.Equal(expected, PoseMetrics.Auc(predicted, gt), 1e-6);
    }

    [Fact]
    public void N_mpjpe_removes_a_uniform_scale_of_the_prediction()
    {
        var gt = TwoFrames(TestPoses.Standing());
        var predicted = TestPoses.Transform(gt, Matrix3x3d.Identity, new(10, 20, 30), 1.3);
        Assert.True(PoseMetrics.Mpjpe(predicted, gt) > 50);
        Assert.Equal(0, PoseMetrics.NMpjpe(predicted, gt), 1e-3);
    }

    [Fact]
    public void P_mpjpe_is_invariant_under_similarity_transforms_of_the_prediction()
    {
        var poses = new TestPoses(30);
        var gt = TwoFrames(TestPoses.Standing());
        var noisy = gt.Select(v => v + (float)(poses.Gaussian() * 20)).ToArray();
        var reference = PoseMetrics.PMpjpe(noisy, gt);
        Assert.True(reference > 1);
        for (var trial = 0; trial < 100; trial++)
        {
            var r = poses.Rotation();
            var t = poses.Vector(1000);
            var s = poses.Uniform(0.5, 2);
            var moved = new float[noisy.Length];
            for (var f = 0; f < 2; f++)
            {
                TestPoses.Transform(noisy.AsSpan(f * 51, 51), r, t, s).CopyTo(moved, f * 51);
            }

            Assert.Equal(reference, PoseMetrics.PMpjpe(moved, gt), 1e-2);
        }
    }

    [Fact]
    public void Mpjve_of_a_constant_offset_is_zero_and_of_a_jitter_is_its_frame_to_frame_difference()
    {
        var frame = TestPoses.Standing();
        float[] gt = [.. frame, .. frame, .. frame];
        var offset = gt.Select((v, i) => i % 51 >= 3 ? v + 7 : v).ToArray();
        Assert.Equal(0, PoseMetrics.Mpjve(offset, gt), 1e-6);

        // Only frame 1's wrist (joint 13) is off by 10 mm in x: it changes two velocities by 10 mm each.
        var jitter = (float[])gt.Clone();
        jitter[51 + (13 * 3)] += 10;
        Assert.Equal(20.0 / (2 * 17), PoseMetrics.Mpjve(jitter, gt), 1e-6);
    }

    [Fact]
    public void Mismatched_shapes_nan_and_single_frame_velocity_are_refused_instead_of_returning_nan()
    {
        var gt = TestPoses.Standing();
        Assert.Throws<ArgumentException>(() => PoseMetrics.Mpjpe(gt, [.. gt, .. gt]));
        Assert.Throws<ArgumentException>(() => PoseMetrics.Mpjpe(gt.AsSpan(0, 50), gt.AsSpan(0, 50)));
        var nan = (float[])gt.Clone();
        nan[20] = float.NaN;
        var e = Assert.Throws<ArgumentException>(() => PoseMetrics.PMpjpe(nan, gt));
        Assert.Contains("frame 0 joint 6", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => PoseMetrics.Mpjve(gt, gt));
        Assert.Throws<ArgumentException>(() => PoseMetrics.NMpjpe(new float[51], gt));
    }
}
