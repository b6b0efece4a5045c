namespace PoseCluster.Datasets.Geometry;

/// <summary>A 3-D point or direction in double precision (the geometry solvers work in doubles; poses are stored as floats).</summary>
/// <param name="X">x coordinate.</param>
/// <param name="Y">y coordinate.</param>
/// <param name="Z">z coordinate.</param>
public readonly record struct Vector3d(double X, double Y, double Z)
{
    /// <summary>The zero vector.</summary>
    public static Vector3d Zero => default;

    /// <summary>Euclidean length.</summary>
    public double Length => Math.Sqrt((X * X) + (Y * Y) + (Z * Z));

    /// <summary>Squared Euclidean length.</summary>
    public double LengthSquared => (X * X) + (Y * Y) + (Z * Z);

    /// <summary>True when every coordinate is finite (neither NaN nor infinite).</summary>
    public bool IsFinite => double.IsFinite(X) && double.IsFinite(Y) && double.IsFinite(Z);

    /// <summary>Reads joint <paramref name="joint"/> of a flat x,y,z float array.</summary>
    public static Vector3d At(ReadOnlySpan<float> xyz, int joint) => new(xyz[joint * 3], xyz[(joint * 3) + 1], xyz[(joint * 3) + 2]);

    /// <summary>Sum.</summary>
    public static Vector3d operator +(Vector3d a, Vector3d b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);

    /// <summary>Difference.</summary>
    public static Vector3d operator -(Vector3d a, Vector3d b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);

    /// <summary>Negation.</summary>
    public static Vector3d operator -(Vector3d a) => new(-a.X, -a.Y, -a.Z);

    /// <summary>Scaling.</summary>
    public static Vector3d operator *(double s, Vector3d a) => new(s * a.X, s * a.Y, s * a.Z);

    /// <summary>Scaling.</summary>
    public static Vector3d operator *(Vector3d a, double s) => new(s * a.X, s * a.Y, s * a.Z);

    /// <summary>Division by a scalar.</summary>
    public static Vector3d operator /(Vector3d a, double s) => new(a.X / s, a.Y / s, a.Z / s);

    /// <summary>Dot product.</summary>
    public static double Dot(Vector3d a, Vector3d b) => (a.X * b.X) + (a.Y * b.Y) + (a.Z * b.Z);

    /// <summary>Cross product (right-handed).</summary>
    public static Vector3d Cross(Vector3d a, Vector3d b) =>
        new((a.Y * b.Z) - (a.Z * b.Y), (a.Z * b.X) - (a.X * b.Z), (a.X * b.Y) - (a.Y * b.X));

    /// <summary>Euclidean distance.</summary>
    public static double Distance(Vector3d a, Vector3d b) => (a - b).Length;

    /// <summary>The vector scaled to length 1 (the caller guarantees a non-zero length).</summary>
    public Vector3d Normalized() => this / Length;

    /// <summary>The coordinates as a 3-element array.</summary>
    public double[] ToArray() => [X, Y, Z];
}
