namespace PoseCluster.Datasets.Sources;

/// <summary>3x3 rotations as 9 row-major doubles, the form <see cref="CameraCalibration"/> keeps them in.</summary>
internal static class Rotations
{
    /// <summary>The rotation of a Rodrigues vector (axis times angle in radians), as OpenCV and Bouguet's toolbox write it.</summary>
    public static double[] FromRodrigues(IReadOnlyList<double> r)
    {
        var theta = Math.Sqrt((r[0] * r[0]) + (r[1] * r[1]) + (r[2] * r[2]));
        if (theta < 1e-12)
        {
            return [1, 0, 0, 0, 1, 0, 0, 0, 1];
        }

        double x = r[0] / theta, y = r[1] / theta, z = r[2] / theta;
        double c = Math.Cos(theta), s = Math.Sin(theta), k = 1 - c;
        return
        [
            c + (x * x * k), (x * y * k) - (z * s), (x * z * k) + (y * s),
            (y * x * k) + (z * s), c + (y * y * k), (y * z * k) - (x * s),
            (z * x * k) - (y * s), (z * y * k) + (x * s), c + (z * z * k),
        ];
    }

    /// <summary>The rotation of a quaternion (w, x, y, z); normalized first.</summary>
    public static double[] FromQuaternion(double w, double x, double y, double z)
    {
        var n = Math.Sqrt((w * w) + (x * x) + (y * y) + (z * z));
        (w, x, y, z) = (w / n, x / n, y / n, z / n);
        return
        [
            1 - (2 * ((y * y) + (z * z))), 2 * ((x * y) - (z * w)), 2 * ((x * z) + (y * w)),
            2 * ((x * y) + (z * w)), 1 - (2 * ((x * x) + (z * z))), 2 * ((y * z) - (x * w)),
            2 * ((x * z) - (y * w)), 2 * ((y * z) + (x * w)), 1 - (2 * ((x * x) + (y * y))),
        ];
    }

    /// <summary>Rᵀ.</summary>
    public static double[] Transpose(IReadOnlyList<double> m) => [m[0], m[3], m[6], m[1], m[4], m[7], m[2], m[5], m[8]];

    /// <summary>R·v.</summary>
    public static double[] Apply(IReadOnlyList<double> m, IReadOnlyList<double> v) =>
    [
        (m[0] * v[0]) + (m[1] * v[1]) + (m[2] * v[2]),
        (m[3] * v[0]) + (m[4] * v[1]) + (m[5] * v[2]),
        (m[6] * v[0]) + (m[7] * v[1]) + (m[8] * v[2]),
    ];

    /// <summary>−v.</summary>
    public static double[] Negate(IReadOnlyList<double> v) => [.. v.Select(x => -x)];
}
