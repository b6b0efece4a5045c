namespace PoseCluster.Datasets.Geometry;

/// <summary>
/// A 3x3 matrix in double precision, row-major: <c>M{row}{column}</c>. Acts on column vectors
/// (<c>y = M·x</c>), as the rotation of <c>u = R·p + t</c> in the corpus manifest does.
/// </summary>
public readonly record struct Matrix3x3d(
    double M11, double M12, double M13,
    double M21, double M22, double M23,
    double M31, double M32, double M33)
{
    /// <summary>The identity.</summary>
    public static Matrix3x3d Identity => new(1, 0, 0, 0, 1, 0, 0, 0, 1);

    /// <summary>A matrix whose columns are <paramref name="c1"/>, <paramref name="c2"/>, <paramref name="c3"/>.</summary>
    public static Matrix3x3d FromColumns(Vector3d c1, Vector3d c2, Vector3d c3) =>
        new(c1.X, c2.X, c3.X, c1.Y, c2.Y, c3.Y, c1.Z, c2.Z, c3.Z);

    /// <summary>A matrix from 9 row-major values.</summary>
    public static Matrix3x3d FromRowMajor(ReadOnlySpan<double> m) => new(m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8]);

    /// <summary>Column <paramref name="index"/> (0-based).</summary>
    public Vector3d Column(int index) => index switch
    {
        0 => new(M11, M21, M31),
        1 => new(M12, M22, M32),
        2 => new(M13, M23, M33),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    /// <summary>Row <paramref name="index"/> (0-based).</summary>
    public Vector3d Row(int index) => index switch
    {
        0 => new(M11, M12, M13),
        1 => new(M21, M22, M23),
        2 => new(M31, M32, M33),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    /// <summary>The transpose.</summary>
    public Matrix3x3d Transpose() => new(M11, M21, M31, M12, M22, M32, M13, M23, M33);

    /// <summary>The determinant.</summary>
    public double Determinant() =>
        (M11 * ((M22 * M33) - (M23 * M32))) - (M12 * ((M21 * M33) - (M23 * M31))) + (M13 * ((M21 * M32) - (M22 * M31)));

    /// <summary>The Frobenius norm.</summary>
    public double FrobeniusNorm() => Math.Sqrt(
        (M11 * M11) + (M12 * M12) + (M13 * M13) + (M21 * M21) + (M22 * M22) + (M23 * M23) + (M31 * M31) + (M32 * M32) + (M33 * M33));

    /// <summary>True when every entry is finite.</summary>
    public bool IsFinite => Row(0).IsFinite && Row(1).IsFinite && Row(2).IsFinite;

    /// <summary>Matrix product <c>a·b</c>.</summary>
    public static Matrix3x3d operator *(Matrix3x3d a, Matrix3x3d b)
    {
        Vector3d r1 = a.Row(0), r2 = a.Row(1), r3 = a.Row(2), c1 = b.Column(0), c2 = b.Column(1), c3 = b.Column(2);
        return new(
            Vector3d.Dot(r1, c1), Vector3d.Dot(r1, c2), Vector3d.Dot(r1, c3),
            Vector3d.Dot(r2, c1), Vector3d.Dot(r2, c2), Vector3d.Dot(r2, c3),
            Vector3d.Dot(r3, c1), Vector3d.Dot(r3, c2), Vector3d.Dot(r3, c3));
    }

    /// <summary>Matrix-vector product <c>m·v</c>.</summary>
    public static Vector3d operator *(Matrix3x3d m, Vector3d v) =>
        new((m.M11 * v.X) + (m.M12 * v.Y) + (m.M13 * v.Z), (m.M21 * v.X) + (m.M22 * v.Y) + (m.M23 * v.Z), (m.M31 * v.X) + (m.M32 * v.Y) + (m.M33 * v.Z));

    /// <summary>Entry-wise difference.</summary>
    public static Matrix3x3d operator -(Matrix3x3d a, Matrix3x3d b) => new(
        a.M11 - b.M11, a.M12 - b.M12, a.M13 - b.M13, a.M21 - b.M21, a.M22 - b.M22, a.M23 - b.M23, a.M31 - b.M31, a.M32 - b.M32, a.M33 - b.M33);

    /// <summary>The 9 values row-major.</summary>
    public double[] ToRowMajorArray() => [M11, M12, M13, M21, M22, M23, M31, M32, M33];

    /// <summary>The rows as three 3-element arrays (the manifest's JSON shape).</summary>
    public double[][] ToRows() => [Row(0).ToArray(), Row(1).ToArray(), Row(2).ToArray()];
}
