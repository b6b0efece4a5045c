using PoseCluster.Datasets.Geometry;
using PoseCluster.Datasets.Tests.Support;

namespace PoseCluster.Datasets.Tests.Geometry;

public sealed class KabschTests
{
    [Fact]
    public void A_known_rigid_transform_is_recovered_to_a_ten_thousandth_of_a_millimetre()
    {
        var poses = new TestPoses(10);
        for (var trial = 0; trial < 1000; trial++)
        {
            var count = 3 + poses.Next(15);
            var source = new Vector3d[count];
            for (var k = 0; k < count; k++)
            {
                source[k] = poses.Vector(500);
            }

            var r = poses.Rotation();
            var t = poses.Vector(3000);
            var target = source.Select(p => (r * p) + t).ToArray();
            var fit = Kabsch.Fit(source, target);
            Assert.False(fit.IsDegenerate);
            Assert.True((fit.Transform.Rotation - r).FrobeniusNorm() < 1e-9, $"rotation off by {(fit.Transform.Rotation - r).FrobeniusNorm()}");
            Assert.True((fit.Transform.Translation - t).Length < 1e-4, $"translation off by {(fit.Transform.Translation - t).Length} mm");
            for (var k = 0; k < count; k++)
            {
                Assert.True((fit.Transform.Apply(source[k]) - target[k]).Length < 1e-4);
            }

            Assert.True(fit.RmsdMm < 1e-4);
        }
    }

    [Fact]
    public void A_reflected_target_still_gets_a_proper_rotation()
    {
        var poses = new TestPoses(11);
        var mirror = new Matrix3x3d(1, 0, 0, 0, -1, 0, 0, 0, 1);
        for (var trial = 0; trial < 500; trial++)
        {
            var source = Enumerable.Range(0, 3 + poses.Next(10)).Select(_ => poses.Vector(400)).ToArray();
            var r = poses.Rotation() * mirror;
            var target = source.Select(p => (r * p) + poses.Vector(5)).ToArray();
            var fit = Kabsch.Fit(source, target);
            Assert.Equal(1.0, fit.Transform.Rotation.Determinant(), 1e-12);
            Assert.True((fit.Transform.Rotation.Transpose() * fit.Transform.Rotation - Matrix3x3d.Identity).FrobeniusNorm() < 1e-12);
        }
    }

    [Fact]
    public void Noise_leaves_a_residual_no_larger_than_the_noise_and_no_worse_than_the_true_transform()
    {
        var poses = new TestPoses(12);
        for (var trial = 0; trial < 300; trial++)
        {
            var source = Enumerable.Range(0, 17).Select(_ => poses.Vector(400)).ToArray();
            var r = poses.Rotation();
            var t = poses.Vector(1000);
            var target = source.Select(p => (r * p) + t + poses.Vector(5)).ToArray();
            var fit = Kabsch.Fit(source, target);
            var trueRmsd = Math.Sqrt(source.Select((p, k) => ((r * p) + t - target[k]).LengthSquared).Average());
            Assert.True(fit.RmsdMm <= trueRmsd + 1e-9, $"fit {fit.RmsdMm} worse than truth {trueRmsd}");
            Assert.Equal(1.0, fit.Transform.Rotation.Determinant(), 1e-12);
        }
    }

    [Fact]
    public void Three_points_of_a_triangle_map_onto_a_congruent_triangle_exactly()
    {
        var poses = new TestPoses(13);
        Vector3d[] canonical = [new(0, -170, 0), new(0, 170, 0), new(0, 0, 480)];
        for (var trial = 0; trial < 500; trial++)
        {
            var r = poses.Rotation();
            var t = poses.Vector(2000);
            var source = canonical.Select(p => (r * p) + t).ToArray();
            var fit = Kabsch.Fit(source, canonical);
            Assert.True(fit.RmsdMm < 1e-6);
            Assert.True((fit.Transform.Rotation - r.Transpose()).FrobeniusNorm() < 1e-9);
        }
    }

    [Fact]
    public void Collinear_source_points_are_flagged_degenerate()
    {
        Vector3d[] source = [new(0, 0, 0), new(1, 1, 1), new(2, 2, 2)];
        Vector3d[] target = [new(0, -1, 0), new(0, 1, 0), new(0, 0, 3)];
        Assert.True(Kabsch.Fit(source, target).IsDegenerate);
    }

    [Fact]
    public void Fewer_than_three_points_or_a_NaN_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Kabsch.Fit([new(0, 0, 0), new(1, 0, 0)], [new(0, 0, 0), new(1, 0, 0)]));
        Assert.Throws<ArgumentException>(() => Kabsch.Fit([new(0, 0, 0), new(1, 0, 0), new(double.NaN, 0, 1)], [new(0, 0, 0), new(1, 0, 0), new(0, 0, 1)]));
    }

    [Fact]
    public void Applying_a_transform_to_a_float_sequence_matches_the_double_precision_point_transform()
    {
        var poses = new TestPoses(14);
        var transform = new RigidTransform(poses.Rotation(), poses.Vector(1000));
        var points = Enumerable.Range(0, 17 * 31).SelectMany(_ => { var v = poses.Vector(1500); return new[] { (float)v.X, (float)v.Y, (float)v.Z }; }).ToArray();
        points.AsSpan(17 * 3 * 4, 51).Fill(float.NaN);
        var output = new float[points.Length];
        transform.ApplyToPoints(points, output);
        for (var k = 0; k < points.Length / 3; k++)
        {
            var expected = transform.Apply(Vector3d.At(points, k));
            var actual = Vector3d.At(output, k);
            if (k / 17 == 4)
            {
                Assert.False(actual.IsFinite);
                continue;
            }

            Assert.True((expected - actual).Length < 2e-3, $"point {k} off by {(expected - actual).Length} mm");
        }
    }
}
