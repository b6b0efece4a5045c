using PoseCluster.Datasets.Geometry;
using PoseCluster.Datasets.Tests.Support;

namespace PoseCluster.Datasets.Tests.Geometry;

public sealed class SingularValueDecomposition3Tests
{
    private static void AssertValidDecomposition(Matrix3x3d a, SingularValueDecomposition3 svd, double tolerance = 1e-12)
    {
        var scale = Math.Max(a.FrobeniusNorm(), 1e-300);
        Assert.True((svd.Reconstruct() - a).FrobeniusNorm() <= tolerance * scale, $"U S Vᵀ differs from A by {(svd.Reconstruct() - a).FrobeniusNorm()}");
        Assert.True((svd.U.Transpose() * svd.U - Matrix3x3d.Identity).FrobeniusNorm() < 1e-12, "U is not orthogonal");
        Assert.True((svd.V.Transpose() * svd.V - Matrix3x3d.Identity).FrobeniusNorm() < 1e-12, "V is not orthogonal");
        Assert.True(svd.S.X >= svd.S.Y && svd.S.Y >= svd.S.Z && svd.S.Z >= 0, $"singular values not sorted and non-negative: {svd.S}");
    }

    [Fact]
    public void Random_matrices_are_reconstructed_to_machine_precision_with_orthogonal_factors()
    {
        var poses = new TestPoses(1);
        for (var i = 0; i < 2000; i++)
        {
            var a = new Matrix3x3d(poses.Gaussian(), poses.Gaussian(), poses.Gaussian(), poses.Gaussian(), poses.Gaussian(), poses.Gaussian(), poses.Gaussian(), poses.Gaussian(), poses.Gaussian());
            AssertValidDecomposition(a, SingularValueDecomposition3.Compute(a));
        }
    }

    [Fact]
    public void Known_singular_values_are_recovered_including_repeated_and_zero_ones()
    {
        var poses = new TestPoses(2);
        double[][] spectra = [[5, 3, 1], [4, 4, 4], [7, 2, 2], [3, 3, 0], [9, 0, 0], [1, 1e-9, 0], [1e6, 1, 1e-6], [0, 0, 0]];
        foreach (var s in spectra)
        {
            for (var trial = 0; trial < 50; trial++)
            {
                var u = poses.Rotation();
                var v = poses.Rotation();
                var a = u * new Matrix3x3d(s[0], 0, 0, 0, s[1], 0, 0, 0, s[2]) * v.Transpose();
                var svd = SingularValueDecomposition3.Compute(a);
                AssertValidDecomposition(a, svd);
                Assert.Equal(s[0], svd.S.X, 1e-9 * Math.Max(1, s[0]));
                Assert.Equal(s[1], svd.S.Y, 1e-9 * Math.Max(1, s[0]));
                Assert.Equal(s[2], svd.S.Z, 1e-9 * Math.Max(1, s[0]));
            }
        }
    }

    [Fact]
    public void Rank_one_and_rank_two_matrices_still_get_orthogonal_U_and_V()
    {
        var poses = new TestPoses(3);
        for (var i = 0; i < 500; i++)
        {
            var x = poses.Vector(1);
            var y = poses.Vector(1);
            var z = poses.Vector(1);
            var rankOne = Matrix3x3d.FromColumns(x, 2 * x, -3 * x);
            AssertValidDecomposition(rankOne, SingularValueDecomposition3.Compute(rankOne));
            var rankTwo = Matrix3x3d.FromColumns(x, y, x + y);
            AssertValidDecomposition(rankTwo, SingularValueDecomposition3.Compute(rankTwo));
            var planar = Matrix3x3d.FromColumns(new(z.X, z.Y, 0), new(x.X, x.Y, 0), new(y.X, y.Y, 0));
            AssertValidDecomposition(planar, SingularValueDecomposition3.Compute(planar));
        }
    }

    [Fact]
    public void The_zero_matrix_gives_identity_factors_and_zero_singular_values()
    {
        var svd = SingularValueDecomposition3.Compute(default);
        Assert.Equal(Matrix3x3d.Identity, svd.U);
        Assert.Equal(Matrix3x3d.Identity, svd.V);
        Assert.Equal(Vector3d.Zero, svd.S);
    }

    [Fact]
    public void A_non_finite_entry_is_refused()
    {
        var a = Matrix3x3d.Identity with { M22 = double.NaN };
        Assert.Throws<ArgumentException>(() => SingularValueDecomposition3.Compute(a));
    }
}
