namespace PoseCluster.Models.Tests;

/// <summary>Poses for the tests: a standing Human3.6M-order skeleton (mm, pelvis at the origin, z up) and clips made from it.</summary>
internal static class TestPoses
{
    public static readonly float[,] Standing =
    {
        { 0, 0, 0 }, { -130, 0, 0 }, { -130, 10, -450 }, { -130, 0, -880 }, { 130, 0, 0 }, { 130, 10, -450 }, { 130, 0, -880 },
        { 0, 0, 230 }, { 0, 0, 480 }, { 0, 20, 600 }, { 0, 0, 720 }, { 170, 0, 460 }, { 430, 0, 460 }, { 680, 0, 460 },
        { -170, 0, 460 }, { -430, 0, 460 }, { -680, 0, 460 },
    };

    /// <summary>The standing pose turned by an angle about z, arms swung by another, plus a small jitter; J*3 floats.</summary>
    public static float[] Pose(double heading, double swing, Random random, double jitterMm = 5)
    {
        var pose = new float[17 * 3];
        for (var j = 0; j < 17; j++)
        {
            double x = Standing[j, 0], y = Standing[j, 1], z = Standing[j, 2];
            if (j is 12 or 13)
            {
                z += (x - 170) * Math.Sin(swing);
            }
            else if (j is 15 or 16)
            {
                z -= (x + 170) * Math.Sin(swing);
            }

            pose[3 * j] = (float)((x * Math.Cos(heading)) - (y * Math.Sin(heading)) + (j == 0 ? 0 : jitterMm * random.NextDouble()));
            pose[(3 * j) + 1] = (float)((x * Math.Sin(heading)) + (y * Math.Cos(heading)) + (j == 0 ? 0 : jitterMm * random.NextDouble()));
            pose[(3 * j) + 2] = (float)(z + (j == 0 ? 0 : jitterMm * random.NextDouble()));
        }

        return pose;
    }

    /// <summary>B clips of T frames: B*T*J*3 floats, each clip turning at its own heading with swinging arms.</summary>
    public static float[] Clips(int clips, int frames, int seed)
    {
        var random = new Random(seed);
        var all = new float[clips * frames * 17 * 3];
        for (var b = 0; b < clips; b++)
        {
            var heading = random.NextDouble() * 2 * Math.PI;
            for (var t = 0; t < frames; t++)
            {
                Pose(heading, 0.4 * Math.Sin((0.6 * t) + b), random).CopyTo(all, ((b * frames) + t) * 17 * 3);
            }
        }

        return all;
    }

    /// <summary>The loader's virtual camera in front of each frame's subject (the test poses are pelvis-centred): B*T*J*2 pixels.</summary>
    public static float[] Keypoints(float[] poses)
    {
        var keypoints = new float[poses.Length / 3 * 2];
        PoseCluster.Models.Training.VirtualCamera.Project(poses, 17, 0, new PoseCluster.Models.Training.VirtualCameraOptions(), 0, keypoints);
        return keypoints;
    }

    /// <summary>Mean per-joint position error (mm) between two B*T*J*3 arrays, both made root-relative first.</summary>
    public static double Mpjpe(ReadOnlySpan<float> predicted, ReadOnlySpan<float> truth)
    {
        double sum = 0;
        var frames = truth.Length / 51;
        for (var f = 0; f < frames; f++)
        {
            for (var j = 0; j < 17; j++)
            {
                double d2 = 0;
                for (var a = 0; a < 3; a++)
                {
                    var p = predicted[(f * 51) + (3 * j) + a] - predicted[(f * 51) + a];
                    var t = truth[(f * 51) + (3 * j) + a] - truth[(f * 51) + a];
                    d2 += (p - t) * (p - t);
                }

                sum += Math.Sqrt(d2);
            }
        }

        return sum / (frames * 17);
    }
}
