namespace PoseCluster.Datasets.Geometry;

/// <summary>
/// The Kabsch algorithm (SoloPose Eq. 2–4): the proper rotation R and translation t, without scaling,
/// minimising Σ‖R·pₖ + t − qₖ‖² for paired 3-D points.
/// </summary>
public static class Kabsch
{
    /// <summary>Relative size of σ2 below which the centred source points count as collinear.</summary>
    private const double CollinearTolerance = 1e-9;

    /// <summary>
    /// Fits <c>q ≈ R·p + t</c>. Centres both sets, forms H = Σ (pₖ − p̄)(qₖ − q̄)ᵀ (Hᵢⱼ = Σ Pₖᵢ Qₖⱼ),
    /// decomposes H = U·Σ·Vᵀ, and takes R = V·diag(1, 1, d)·Uᵀ with d = sign(det(V·Uᵀ)), so R is never
    /// a reflection; t = q̄ − R·p̄. When the source points are collinear (σ2 ≤ 1e-9·σ1) the rotation
    /// about their line is arbitrary: the result is still a proper rotation but flagged degenerate.
    /// </summary>
    /// <param name="source">Points p (at least 3, finite).</param>
    /// <param name="target">Points q, paired with <paramref name="source"/>.</param>
    /// <exception cref="ArgumentException">Counts differ, fewer than 3 points, or a non-finite coordinate.</exception>
    public static KabschResult Fit(ReadOnlySpan<Vector3d> source, ReadOnlySpan<Vector3d> target)
    {
        if (source.Length != target.Length || source.Length < 3)
        {
            throw new ArgumentException($"Kabsch needs at least 3 paired points (got {source.Length} and {target.Length})");
        }

        var sourceCentre = Vector3d.Zero;
        var targetCentre = Vector3d.Zero;
        for (var k = 0; k < source.Length; k++)
        {
            if (!source[k].IsFinite || !target[k].IsFinite)
            {
                throw new ArgumentException($"Kabsch point {k} is not finite");
            }

            sourceCentre += source[k];
            targetCentre += target[k];
        }

        sourceCentre /= source.Length;
        targetCentre /= source.Length;
        double h11 = 0, h12 = 0, h13 = 0, h21 = 0, h22 = 0, h23 = 0, h31 = 0, h32 = 0, h33 = 0;
        for (var k = 0; k < source.Length; k++)
        {
            var p = source[k] - sourceCentre;
            var q = target[k] - targetCentre;
            h11 += p.X * q.X; h12 += p.X * q.Y; h13 += p.X * q.Z;
            h21 += p.Y * q.X; h22 += p.Y * q.Y; h23 += p.Y * q.Z;
            h31 += p.Z * q.X; h32 += p.Z * q.Y; h33 += p.Z * q.Z;
        }

        var svd = SingularValueDecomposition3.Compute(new(h11, h12, h13, h21, h22, h23, h31, h32, h33));
        var ut = svd.U.Transpose();

        // The reflection fix: if V·Uᵀ is a reflection, flip the axis of the smallest singular value.
        var d = (svd.V * ut).Determinant() < 0 ? -1.0 : 1.0;
        var rotation = svd.V * new Matrix3x3d(1, 0, 0, 0, 1, 0, 0, 0, d) * ut;
        var transform = new RigidTransform(rotation, targetCentre - (rotation * sourceCentre));

        double squared = 0;
        for (var k = 0; k < source.Length; k++)
        {
            squared += (transform.Apply(source[k]) - target[k]).LengthSquared;
        }

        var degenerate = svd.S.X == 0 || svd.S.Y <= CollinearTolerance * svd.S.X;
        return new(transform, Math.Sqrt(squared / source.Length), degenerate);
    }
}
