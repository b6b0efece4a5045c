namespace PoseCluster.Models.Training;

/// <summary>
/// Projects universal-frame poses (x facing, y left-to-right shoulder, z down; mm) through a pinhole
/// camera level with the clip's first-frame pelvis, looking at it from a jittered azimuth in front.
/// </summary>
public static class VirtualCamera
{
    /// <summary>Writes frames*joints*2 pixel coordinates (principal point at 0) of frames*joints*3 mm into <paramref name="pixels"/>.</summary>
    public static void Project(ReadOnlySpan<float> pose3d, int joints, int rootJoint, VirtualCameraOptions options, double azimuthRadians, Span<float> pixels)
    {
        ArgumentNullException.ThrowIfNull(options);
        var points = pose3d.Length / 3;
        if (pose3d.Length % (3 * joints) != 0 || pixels.Length != points * 2)
        {
            throw new ArgumentException($"pose3d has {pose3d.Length} floats and pixels {pixels.Length}: expected frames*{joints}*3 and frames*{joints}*2");
        }

        // Forward f points from the camera to the subject; image down is +z; right = down x forward.
        double fx = -Math.Cos(azimuthRadians), fy = -Math.Sin(azimuthRadians);
        double rx = -fy, ry = fx;
        double cx = pose3d[3 * rootJoint] - (options.DistanceMm * fx);
        double cy = pose3d[(3 * rootJoint) + 1] - (options.DistanceMm * fy);
        double cz = pose3d[(3 * rootJoint) + 2];
        for (var i = 0; i < points; i++)
        {
            double dx = pose3d[3 * i] - cx, dy = pose3d[(3 * i) + 1] - cy, dz = pose3d[(3 * i) + 2] - cz;
            var depth = Math.Max((dx * fx) + (dy * fy), 1.0);
            pixels[2 * i] = (float)(options.FocalPx * ((dx * rx) + (dy * ry)) / depth);
            pixels[(2 * i) + 1] = (float)(options.FocalPx * dz / depth);
        }
    }
}
