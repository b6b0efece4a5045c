namespace PoseCluster.Datasets.AugMotion;

/// <summary>Settings of the key-frame search (config <c>posecluster.augmotion</c>).</summary>
/// <param name="UprightMaxAngleDegrees">A frame is upright when pelvis→shoulder-midpoint is within this angle of the up axis.</param>
/// <param name="Clusters">k of the k-means over the upright frames (3 in the paper).</param>
/// <param name="Seed">Seed of the k-means++ initialisation.</param>
/// <param name="MaxIterations">Cap on Lloyd iterations when assignments keep changing.</param>
public sealed record AugMotionOptions(
    double UprightMaxAngleDegrees = 15,
    int Clusters = 3,
    ulong Seed = 42,
    int MaxIterations = 100)
{
    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        if (!(UprightMaxAngleDegrees is >= 0 and <= 180))
        {
            throw new ArgumentOutOfRangeException(nameof(UprightMaxAngleDegrees), UprightMaxAngleDegrees, "upright angle must be within 0..180 degrees");
        }

        if (Clusters < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Clusters), Clusters, "k-means needs at least 1 cluster");
        }

        if (MaxIterations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, "k-means needs at least 1 iteration");
        }
    }
}
