using PoseCluster.Datasets.Geometry;

namespace PoseCluster.Datasets.AugMotion;

/// <summary>
/// The universal frame's reference points (ARCHITECTURE §4, step 3): origin at the shoulder midpoint,
/// +y from left to right shoulder, +z from the origin to the pelvis, +x = y × z (facing direction).
/// </summary>
/// <param name="ShoulderWidthMm">Ms, the corpus mean shoulder width, mm.</param>
/// <param name="ShoulderToPelvisMm">Msp, the corpus mean shoulder-midpoint→pelvis distance, mm.</param>
public sealed record CanonicalTriangle(double ShoulderWidthMm, double ShoulderToPelvisMm)
{
    /// <summary>Left shoulder at (0, −Ms/2, 0).</summary>
    public Vector3d LeftShoulder => new(0, -ShoulderWidthMm / 2, 0);

    /// <summary>Right shoulder at (0, +Ms/2, 0).</summary>
    public Vector3d RightShoulder => new(0, ShoulderWidthMm / 2, 0);

    /// <summary>Pelvis at (0, 0, Msp).</summary>
    public Vector3d Pelvis => new(0, 0, ShoulderToPelvisMm);

    /// <summary>The triangle of a corpus's statistics; throws when they describe no triangle.</summary>
    public static CanonicalTriangle From(ReferenceStatistics statistics)
    {
        var triangle = new CanonicalTriangle(statistics.MeanShoulderWidthMm, statistics.MeanShoulderToPelvisMm);
        if (!(triangle.ShoulderWidthMm > 0) || !(triangle.ShoulderToPelvisMm > 0) ||
            !double.IsFinite(triangle.ShoulderWidthMm) || !double.IsFinite(triangle.ShoulderToPelvisMm))
        {
            throw new InvalidOperationException($"the corpus statistics give no canonical triangle (Ms = {triangle.ShoulderWidthMm} mm, Msp = {triangle.ShoulderToPelvisMm} mm)");
        }

        return triangle;
    }
}
