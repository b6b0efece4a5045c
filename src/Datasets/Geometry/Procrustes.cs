namespace PoseCluster.Datasets.Geometry;

/// <summary>
/// Similarity Procrustes alignment as VideoPose3D's <c>p_mpjpe</c> does it (DATASETS.md, Metrics):
/// the scale a, rotation R and translation t minimising Σ‖a·pₖ·R + t − xₖ‖² with row vectors p
/// (prediction) and x (target).
/// </summary>
public static class Procrustes
{
    /// <summary>
    /// Aligns <paramref name="predicted"/> onto <paramref name="target"/> (both J x 3 floats, mm, the
    /// same joint order) and writes the aligned prediction to <paramref name="aligned"/>. Steps:
    /// centre both; divide each by its Frobenius norm; H = X0ᵀ·Y0; H = U·S·Vᵀ; R = V·Uᵀ; when det R &lt; 0
    /// negate V's last column and the last singular value (the reflection fix, so R stays proper);
    /// a = tr(S)·‖X0‖/‖Y0‖; t = μX − a·μY·R; aligned = a·pred·R + t.
    /// </summary>
    /// <returns>The scale a (the rotation and translation are applied, not returned).</returns>
    /// <exception cref="ArgumentException">Shapes differ, are not J x 3, or either pose collapses to a point (zero norm after centring), or is non-finite.</exception>
    public static double AlignWithScale(ReadOnlySpan<float> predicted, ReadOnlySpan<float> target, Span<float> aligned)
    {
        if (predicted.Length != target.Length || predicted.Length % 3 != 0 || predicted.Length == 0 || aligned.Length != predicted.Length)
        {
            throw new ArgumentException($"Procrustes needs two J x 3 poses of equal shape (got {predicted.Length}, {target.Length} and {aligned.Length} floats)");
        }

        var joints = predicted.Length / 3;
        var muX = Vector3d.Zero;
        var muY = Vector3d.Zero;
        for (var j = 0; j < joints; j++)
        {
            muX += Vector3d.At(target, j);
            muY += Vector3d.At(predicted, j);
        }

        muX /= joints;
        muY /= joints;
        double normX = 0, normY = 0;
        for (var j = 0; j < joints; j++)
        {
            normX += (Vector3d.At(target, j) - muX).LengthSquared;
            normY += (Vector3d.At(predicted, j) - muY).LengthSquared;
        }

        normX = Math.Sqrt(normX);
        normY = Math.Sqrt(normY);
        if (!(normX > 0) || !double.IsFinite(normX))
        {
            throw new ArgumentException("Procrustes: the target pose is degenerate (all joints at one point, or non-finite)");
        }

        if (!(normY > 0) || !double.IsFinite(normY))
        {
            throw new ArgumentException("Procrustes: the predicted pose is degenerate (all joints at one point, or non-finite)");
        }

        // H = X0ᵀ·Y0 with X0, Y0 the centred, unit-norm poses (rows = joints).
        double h11 = 0, h12 = 0, h13 = 0, h21 = 0, h22 = 0, h23 = 0, h31 = 0, h32 = 0, h33 = 0;
        for (var j = 0; j < joints; j++)
        {
            var x = (Vector3d.At(target, j) - muX) / normX;
            var y = (Vector3d.At(predicted, j) - muY) / normY;
            h11 += x.X * y.X; h12 += x.X * y.Y; h13 += x.X * y.Z;
            h21 += x.Y * y.X; h22 += x.Y * y.Y; h23 += x.Y * y.Z;
            h31 += x.Z * y.X; h32 += x.Z * y.Y; h33 += x.Z * y.Z;
        }

        var svd = SingularValueDecomposition3.Compute(new(h11, h12, h13, h21, h22, h23, h31, h32, h33));
        var ut = svd.U.Transpose();
        var v = svd.V;
        var s = svd.S;
        if ((v * ut).Determinant() < 0)
        {
            // Reflection fix: a proper rotation at the cost of the weakest direction.
            v = Matrix3x3d.FromColumns(v.Column(0), v.Column(1), -v.Column(2));
            s = s with { Z = -s.Z };
        }

        var r = v * ut;
        var a = (s.X + s.Y + s.Z) * normX / normY;

        // Row-vector convention: (p·R)ₖ = Σᵢ pᵢ Rᵢₖ = (Rᵀ·p)ₖ.
        var rt = r.Transpose();
        var t = muX - (a * (rt * muY));
        for (var j = 0; j < joints; j++)
        {
            var p = (a * (rt * Vector3d.At(predicted, j))) + t;
            aligned[j * 3] = (float)p.X;
            aligned[(j * 3) + 1] = (float)p.Y;
            aligned[(j * 3) + 2] = (float)p.Z;
        }

        return a;
    }
}
