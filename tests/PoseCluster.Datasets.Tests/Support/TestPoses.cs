using System.Numerics;
using PoseCluster.Datasets.AugMotion;
using PoseCluster.Datasets.Geometry;

namespace PoseCluster.Datasets.Tests.Support;

/// <summary>Synthetic skeletons and rigid motions for property tests (seeded, so failures reproduce).</summary>
internal sealed class TestPoses(int seed)
{
    private readonly Random _random = new(seed);

    /// <summary>A standing H36M-17 pose, z up, facing +x, mm, pelvis at the origin.</summary>
    public static float[] Standing() =>
    [
        0, 0, 1000,          // 0 pelvis
        0, -130, 1000,       // 1 r_hip
        0, -130, 550,        // 2 r_knee
        0, -130, 100,        // 3 r_ankle
        0, 130, 1000,        // 4 l_hip
        0, 130, 550,         // 5 l_knee
        0, 130, 100,         // 6 l_ankle
        0, 0, 1230,          // 7 spine
        0, 0, 1480,          // 8 thorax
        20, 0, 1580,         // 9 neck/nose
        0, 0, 1700,          // 10 head
        0, 180, 1480,        // 11 l_shoulder
        0, 180, 1200,        // 12 l_elbow
        0, 180, 950,         // 13 l_wrist
        0, -180, 1480,       // 14 r_shoulder
        0, -180, 1200,       // 15 r_elbow
        0, -180, 950,        // 16 r_wrist
    ];

    /// <summary>A uniformly random rotation (normalised Gaussian quaternion).</summary>
    public Matrix3x3d Rotation()
    {
        double w = Gaussian(), x = Gaussian(), y = Gaussian(), z = Gaussian();
        var n = Math.Sqrt((w * w) + (x * x) + (y * y) + (z * z));
        w /= n; x /= n; y /= n; z /= n;
        return new(
            1 - (2 * ((y * y) + (z * z))), 2 * ((x * y) - (z * w)), 2 * ((x * z) + (y * w)),
            2 * ((x * y) + (z * w)), 1 - (2 * ((x * x) + (z * z))), 2 * ((y * z) - (x * w)),
            2 * ((x * z) - (y * w)), 2 * ((y * z) + (x * w)), 1 - (2 * ((x * x) + (y * y))));
    }

    /// <summary>A rotation about the z axis.</summary>
    public static Matrix3x3d RotationZ(double radians) =>
        new(Math.Cos(radians), -Math.Sin(radians), 0, Math.Sin(radians), Math.Cos(radians), 0, 0, 0, 1);

    public Vector3d Vector(double scale) => new(Gaussian() * scale, Gaussian() * scale, Gaussian() * scale);

    public double Gaussian()
    {
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    public double Uniform(double min, double max) => min + ((max - min) * _random.NextDouble());

    public int Next(int max) => _random.Next(max);

    /// <summary>Applies p ↦ R·p + t to every joint of a flat pose in double precision.</summary>
    public static float[] Transform(ReadOnlySpan<float> pose, Matrix3x3d r, Vector3d t, double scale = 1)
    {
        var result = new float[pose.Length];
        for (var j = 0; j < pose.Length / 3; j++)
        {
            var p = (scale * (r * Vector3d.At(pose, j))) + t;
            result[j * 3] = (float)p.X;
            result[(j * 3) + 1] = (float)p.Y;
            result[(j * 3) + 2] = (float)p.Z;
        }

        return result;
    }

    /// <summary>
    /// A moving person: the standing pose with swinging arms and legs and a slowly turning body, placed
    /// in the source frame by a random rigid transform so that <paramref name="up"/> is up.
    /// </summary>
    public PoseSequence Sequence(string dataset, string subject, string action, string camera, int frames, Vector3 up, double bodyScale = 1)
    {
        // Rotation taking z (the model's up) to the source's up axis, then a random yaw about that axis.
        var upD = new Vector3d(up.X, up.Y, up.Z).Normalized();
        var align = RotationTaking(new Vector3d(0, 0, 1), upD);
        var yaw = RotationAbout(upD, Uniform(0, 2 * Math.PI));
        var shift = Vector(1000);
        var positions = new float[frames * 51];
        var standing = Standing();
        var phase = Uniform(0, 6);
        for (var f = 0; f < frames; f++)
        {
            var pose = (float[])standing.Clone();
            var swing = (float)(200 * Math.Sin(phase + (f * 0.15)));
            foreach (var j in new[] { 12, 13 })
            {
                pose[(j * 3)] += swing * (j == 13 ? 1.5f : 1f);
            }

            foreach (var j in new[] { 15, 16 })
            {
                pose[(j * 3)] -= swing * (j == 16 ? 1.5f : 1f);
            }

            pose[(2 * 3)] += swing * 0.5f;
            pose[(5 * 3)] -= swing * 0.5f;

            // Occasional bows make some frames not upright.
            var bow = f % 40 >= 30 ? 0.6 : 0.0;
            var bent = BendUpperBody(pose, bow);
            var turn = RotationZ(f * 0.01);
            var world = Transform(bent, yaw * align * turn, shift, bodyScale);
            world.CopyTo(positions, f * 51);
        }

        var valid = new bool[frames];
        Array.Fill(valid, true);
        return new PoseSequence(dataset, subject, action, camera, 50, up, positions, valid);
    }

    /// <summary>Marks frames invalid (NaN coordinates).</summary>
    public static PoseSequence WithInvalid(PoseSequence sequence, params int[] frames)
    {
        var positions = (float[])sequence.Positions.Clone();
        var valid = (bool[])sequence.Valid.Clone();
        foreach (var f in frames)
        {
            valid[f] = false;
            positions.AsSpan(f * 51, 51).Fill(float.NaN);
        }

        return sequence with { Positions = positions, Valid = valid };
    }

    /// <summary>Rotates the joints above the pelvis forward about the y axis through the pelvis.</summary>
    private static float[] BendUpperBody(float[] pose, double radians)
    {
        if (radians == 0)
        {
            return pose;
        }

        var r = new Matrix3x3d(Math.Cos(radians), 0, Math.Sin(radians), 0, 1, 0, -Math.Sin(radians), 0, Math.Cos(radians));
        var pelvis = Vector3d.At(pose, 0);
        var result = (float[])pose.Clone();
        foreach (var j in new[] { 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 })
        {
            var p = (r * (Vector3d.At(pose, j) - pelvis)) + pelvis;
            result[j * 3] = (float)p.X;
            result[(j * 3) + 1] = (float)p.Y;
            result[(j * 3) + 2] = (float)p.Z;
        }

        return result;
    }

    /// <summary>Rodrigues: rotation by <paramref name="angle"/> about unit <paramref name="axis"/>.</summary>
    public static Matrix3x3d RotationAbout(Vector3d axis, double angle)
    {
        var k = axis.Normalized();
        double c = Math.Cos(angle), s = Math.Sin(angle), v = 1 - c;
        return new(
            (k.X * k.X * v) + c, (k.X * k.Y * v) - (k.Z * s), (k.X * k.Z * v) + (k.Y * s),
            (k.Y * k.X * v) + (k.Z * s), (k.Y * k.Y * v) + c, (k.Y * k.Z * v) - (k.X * s),
            (k.Z * k.X * v) - (k.Y * s), (k.Z * k.Y * v) + (k.X * s), (k.Z * k.Z * v) + c);
    }

    /// <summary>The shortest rotation taking unit a to unit b.</summary>
    public static Matrix3x3d RotationTaking(Vector3d a, Vector3d b)
    {
        var axis = Vector3d.Cross(a, b);
        var dot = Vector3d.Dot(a, b);
        if (axis.Length < 1e-12)
        {
            return dot > 0 ? Matrix3x3d.Identity : RotationAbout(Math.Abs(a.X) < 0.9 ? Vector3d.Cross(a, new(1, 0, 0)) : Vector3d.Cross(a, new(0, 1, 0)), Math.PI);
        }

        return RotationAbout(axis, Math.Atan2(axis.Length, dot));
    }
}
