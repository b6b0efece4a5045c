namespace PoseCluster.Datasets.Geometry;

/// <summary>
/// The singular value decomposition <c>A = U·diag(S)·Vᵀ</c> of a 3x3 matrix, singular values in
/// descending order, U and V orthogonal (either may have determinant −1; Kabsch and Procrustes apply
/// their own reflection fix).
/// </summary>
/// <param name="U">Left singular vectors as columns.</param>
/// <param name="S">Singular values σ1 ≥ σ2 ≥ σ3 ≥ 0.</param>
/// <param name="V">Right singular vectors as columns.</param>
public readonly record struct SingularValueDecomposition3(Matrix3x3d U, Vector3d S, Matrix3x3d V)
{
    private const int MaxSweeps = 60;

    /// <summary>
    /// Decomposes <paramref name="a"/> by one-sided (Hestenes) Jacobi: plane rotations applied on the
    /// right orthogonalize the columns of W = A·V until every pair is orthogonal to machine precision
    /// (|wp·wq| ≤ ε‖wp‖‖wq‖). Then σi = ‖wi‖ and ui = wi/σi. Working on A itself rather than on AᵀA
    /// keeps small singular values accurate relative to their size (AᵀA would square the condition
    /// number). Rank deficiency: columns whose norm is below 1e-13·σ1 count as zero, and their left
    /// singular vectors are completed by cross products so that U is always orthogonal; a zero matrix
    /// gives U = V = I and S = 0. Non-finite input is refused.
    /// </summary>
    /// <exception cref="ArgumentException">The matrix has a NaN or infinite entry.</exception>
    public static SingularValueDecomposition3 Compute(Matrix3x3d a)
    {
        if (!a.IsFinite)
        {
            throw new ArgumentException("SVD of a matrix with a non-finite entry", nameof(a));
        }

        Span<Vector3d> w = [a.Column(0), a.Column(1), a.Column(2)];
        Span<Vector3d> v = [new(1, 0, 0), new(0, 1, 0), new(0, 0, 1)];
        for (var sweep = 0; sweep < MaxSweeps; sweep++)
        {
            var rotated = RotatePair(w, v, 0, 1) | RotatePair(w, v, 0, 2) | RotatePair(w, v, 1, 2);
            if (!rotated)
            {
                break;
            }
        }

        // Sort by descending column norm, permuting W and V alike.
        Span<double> sigma = [w[0].Length, w[1].Length, w[2].Length];
        for (var i = 0; i < 2; i++)
        {
            for (var j = 0; j < 2 - i; j++)
            {
                if (sigma[j] < sigma[j + 1])
                {
                    (sigma[j], sigma[j + 1]) = (sigma[j + 1], sigma[j]);
                    (w[j], w[j + 1]) = (w[j + 1], w[j]);
                    (v[j], v[j + 1]) = (v[j + 1], v[j]);
                }
            }
        }

        var zeroBelow = sigma[0] * 1e-13;
        var rank = sigma[0] == 0 ? 0 : sigma[1] <= zeroBelow ? 1 : sigma[2] <= zeroBelow ? 2 : 3;
        Vector3d u1, u2, u3;
        switch (rank)
        {
            case 0:
                return new(Matrix3x3d.Identity, Vector3d.Zero, Matrix3x3d.Identity);
            case 1:
                u1 = w[0] / sigma[0];
                u2 = AnyOrthogonalUnit(u1);
                u3 = Vector3d.Cross(u1, u2);
                sigma[1] = sigma[2] = 0;
                break;
            case 2:
                u1 = w[0] / sigma[0];
                u2 = Orthonormalize(w[1] / sigma[1], u1);
                u3 = Vector3d.Cross(u1, u2);
                sigma[2] = 0;
                break;
            default:
                u1 = w[0] / sigma[0];
                u2 = Orthonormalize(w[1] / sigma[1], u1);
                u3 = w[2] / sigma[2];
                u3 = Orthonormalize(u3 - (Vector3d.Dot(u3, u2) * u2), u1);
                break;
        }

        return new(Matrix3x3d.FromColumns(u1, u2, u3), new(sigma[0], sigma[1], sigma[2]), Matrix3x3d.FromColumns(v[0], v[1], v[2]));
    }

    /// <summary>Reconstructs <c>U·diag(S)·Vᵀ</c> (for tests and checks).</summary>
    public Matrix3x3d Reconstruct() =>
        U * new Matrix3x3d(S.X, 0, 0, 0, S.Y, 0, 0, 0, S.Z) * V.Transpose();

    /// <summary>One Jacobi rotation that makes columns p and q of W orthogonal; false when they already are.</summary>
    private static bool RotatePair(Span<Vector3d> w, Span<Vector3d> v, int p, int q)
    {
        var alpha = w[p].LengthSquared;
        var beta = w[q].LengthSquared;
        var gamma = Vector3d.Dot(w[p], w[q]);
        if (gamma == 0 || Math.Abs(gamma) <= double.Epsilon * 4 || Math.Abs(gamma) <= 1e-16 * Math.Sqrt(alpha * beta))
        {
            return false;
        }

        // tan of the rotation angle: the smaller root of t² + 2ζt − 1 = 0 (stable for large ζ).
        var zeta = (beta - alpha) / (2 * gamma);
        var t = Math.Abs(zeta) > 1e150
            ? 1 / (2 * zeta)
            : (zeta >= 0 ? 1 : -1) / (Math.Abs(zeta) + Math.Sqrt(1 + (zeta * zeta)));
        var c = 1 / Math.Sqrt(1 + (t * t));
        var s = c * t;
        (w[p], w[q]) = ((c * w[p]) - (s * w[q]), (s * w[p]) + (c * w[q]));
        (v[p], v[q]) = ((c * v[p]) - (s * v[q]), (s * v[p]) + (c * v[q]));
        return true;
    }

    /// <summary>Removes the component along unit <paramref name="along"/> and rescales to length 1.</summary>
    private static Vector3d Orthonormalize(Vector3d x, Vector3d along) => (x - (Vector3d.Dot(x, along) * along)).Normalized();

    /// <summary>A unit vector orthogonal to unit <paramref name="u"/>: u crossed with the axis it is least aligned with.</summary>
    private static Vector3d AnyOrthogonalUnit(Vector3d u)
    {
        double ax = Math.Abs(u.X), ay = Math.Abs(u.Y), az = Math.Abs(u.Z);
        Vector3d axis = ax <= ay && ax <= az ? new(1, 0, 0) : ay <= az ? new(0, 1, 0) : new(0, 0, 1);
        return Vector3d.Cross(u, axis).Normalized();
    }
}
