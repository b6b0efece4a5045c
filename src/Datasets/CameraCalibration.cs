namespace PoseCluster.Datasets;

/// <summary>
/// A pinhole camera with distortion. Extrinsics map a world point p (mm) to camera coordinates
/// c = R·p + t; pixels are u = fx·x/z + cx, v = fy·y/z + cy before distortion.
/// </summary>
/// <param name="Name">Camera id as the source names it (e.g. "54138969", "c01", "3").</param>
/// <param name="Width">Image width in pixels (0 when unknown).</param>
/// <param name="Height">Image height in pixels (0 when unknown).</param>
/// <param name="Fx">Focal length along x, pixels.</param>
/// <param name="Fy">Focal length along y, pixels.</param>
/// <param name="Cx">Principal point x, pixels.</param>
/// <param name="Cy">Principal point y, pixels.</param>
/// <param name="Rotation">World-to-camera rotation, 3x3 row-major (9 values).</param>
/// <param name="Translation">World-to-camera translation in mm (3 values).</param>
/// <param name="Distortion">Distortion coefficients as the source gives them (k1, k2, p1, p2, k3 order where known).</param>
public sealed record CameraCalibration(
    string Name,
    int Width,
    int Height,
    double Fx,
    double Fy,
    double Cx,
    double Cy,
    IReadOnlyList<double> Rotation,
    IReadOnlyList<double> Translation,
    IReadOnlyList<double> Distortion);
