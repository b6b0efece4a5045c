using PoseCluster.Datasets.Geometry;
using PoseCluster.Datasets.Tests.Support;

namespace PoseCluster.Datasets.Tests.Geometry;

public sealed class ProcrustesTests
{
    [Fact]
    public void A_scaled_rotated_translated_copy_is_aligned_back_exactly_with_the_inverse_scale()
    {
        var poses = new TestPoses(20);
        var target = TestPoses.Standing();
        var aligned = new float[51];
        for (var trial = 0; trial < 500; trial++)
        {
            var scale = poses.Uniform(0.3, 3);
            var predicted = TestPoses.Transform(target, poses.Rotation(), poses.Vector(1000), scale);
            var a = Procrustes.AlignWithScale(predicted, target, aligned);
            Assert.Equal(1 / scale, a, 1e-4);
            for (var i = 0; i < 51; i++)
            {
                Assert.True(Math.Abs(aligned[i] - target[i]) < 0.05, $"coordinate {i} off by {aligned[i] - target[i]}");
            }
        }
    }

    [Fact]
    public void The_alignment_matches_the_closed_form_of_a_planar_rotation()
    {
        // Closed form for points in the z = 0 plane: in 3-D a half-turn about an in-plane axis is a
        // proper rotation that mirrors the plane, so the optimum is the better of the planar rotation
        // (angle atan2(Σ y×x, Σ y·x)) and the planar reflection (the same after mirroring y), with
        // scale r/Σ|y|², r = √(dot² + cross²) of the chosen variant.
        var poses = new TestPoses(21);
        for (var trial = 0; trial < 200; trial++)
        {
            const int n = 5;
            var target = new float[n * 3];
            var predicted = new float[n * 3];
            for (var k = 0; k < n; k++)
            {
                target[k * 3] = (float)poses.Uniform(-300, 300);
                target[(k * 3) + 1] = (float)poses.Uniform(-300, 300);
                predicted[k * 3] = (float)poses.Uniform(-300, 300);
                predicted[(k * 3) + 1] = (float)poses.Uniform(-300, 300);
            }

            var aligned = new float[n * 3];
            var a = Procrustes.AlignWithScale(predicted, target, aligned);

            double mxx = 0, mxy = 0, myx = 0, myy = 0;
            for (var k = 0; k < n; k++)
            {
                mxx += target[k * 3]; mxy += target[(k * 3) + 1]; myx += predicted[k * 3]; myy += predicted[(k * 3) + 1];
            }

            mxx /= n; mxy /= n; myx /= n; myy /= n;
            (double Scale, double[] X, double[] Y) Variant(double mirror)
            {
                double dot = 0, cross = 0, norm = 0;
                for (var k = 0; k < n; k++)
                {
                    double yx = predicted[k * 3] - myx, yy = mirror * (predicted[(k * 3) + 1] - myy), xx = target[k * 3] - mxx, xy = target[(k * 3) + 1] - mxy;
                    dot += (yx * xx) + (yy * xy);
                    cross += (yx * xy) - (yy * xx);
                    norm += (yx * yx) + (yy * yy);
                }

                var theta = Math.Atan2(cross, dot);
                var scale = Math.Sqrt((dot * dot) + (cross * cross)) / norm;
                var xs = new double[n];
                var ys = new double[n];
                for (var k = 0; k < n; k++)
                {
                    double yx = predicted[k * 3] - myx, yy = mirror * (predicted[(k * 3) + 1] - myy);
                    xs[k] = (scale * ((Math.Cos(theta) * yx) - (Math.Sin(theta) * yy))) + mxx;
                    ys[k] = (scale * ((Math.Sin(theta) * yx) + (Math.Cos(theta) * yy))) + mxy;
                }

                return (scale, xs, ys);
            }

            var rotation = Variant(1);
            var reflection = Variant(-1);
            var best = rotation.Scale >= reflection.Scale ? rotation : reflection;
            Assert.Equal(best.Scale, a, 1e-5 * Math.Max(1, best.Scale));
            for (var k = 0; k < n; k++)
            {
                Assert.Equal(best.X[k], aligned[k * 3], 0.01);
                Assert.Equal(best.Y[k], aligned[(k * 3) + 1], 0.01);
                Assert.Equal(0, aligned[(k * 3) + 2], 0.01);
            }
        }
    }

    [Fact]
    public void A_mirrored_prediction_is_not_aligned_by_a_reflection()
    {
        var target = TestPoses.Standing();
        var mirrored = TestPoses.Transform(target, new Matrix3x3d(1, 0, 0, 0, -1, 0, 0, 0, 1), Vector3d.Zero);

        // Swap nothing: a pure mirror image cannot be undone by a proper rotation, so an error remains.
        mirrored[(9 * 3) + 1] += 40; // break the pose's own mirror symmetry
        var aligned = new float[51];
        Procrustes.AlignWithScale(mirrored, target, aligned);
        double error = 0;
        for (var j = 0; j < 17; j++)
        {
            error += (Vector3d.At(aligned, j) - Vector3d.At(target, j)).Length;
        }

        Assert.True(error / 17 > 1, "a mirror image was aligned perfectly, so a reflection was used");
    }

    [Fact]
    public void A_pose_collapsed_to_one_point_is_refused()
    {
        var target = TestPoses.Standing();
        var collapsed = new float[51];
        Assert.Throws<ArgumentException>(() => Procrustes.AlignWithScale(collapsed, target, new float[51]));
        Assert.Throws<ArgumentException>(() => Procrustes.AlignWithScale(target, collapsed, new float[51]));
    }
}
