namespace PoseCluster.Models.Heatmaps;

/// <summary>
/// The Gaussian mixture of one joint (paper §4.2, Eq. 6-8): the main Gaussian at the joint (sigma σ) and,
/// for every kinematically adjacent joint at distance d, N_s = floor(d / c) side Gaussians at c, 2c, …
/// along the bone with σ_i = i²·σ (Eq. 7). Every component is a normalized density (Eq. 8's sum of
/// 𝒩), so relative to the main one the i-th peaks at (σ/σ_i)³ = i⁻⁶.
/// </summary>
internal sealed class HeatPoseMixture
{
    private readonly int[][] neighbours;
    private readonly float sigma;
    private readonly float step;

    public HeatPoseMixture(ModelOptions options)
    {
        var lists = Enumerable.Range(0, options.Joints).Select(_ => new List<int>()).ToArray();
        for (var j = 0; j < options.Joints; j++)
        {
            if (options.Parents[j] is var parent and >= 0)
            {
                lists[j].Add(parent);
                lists[parent].Add(j);
            }
        }

        neighbours = [.. lists.Select(l => l.ToArray())];
        sigma = options.SigmaVoxels * options.VoxelMm;
        step = options.SideStepMm;
        Options = options;
        VoxelCentres = [.. Enumerable.Range(0, options.Grid).Select(k => (-options.ExtentMm / 2) + ((k + 0.5f) * options.VoxelMm))];
    }

    /// <summary>The sizes of the volumes.</summary>
    public ModelOptions Options { get; }

    /// <summary>Centre of voxel k along any axis, mm: −extent/2 + (k + ½)·extent/G.</summary>
    public float[] VoxelCentres { get; }

    /// <summary>
    /// Fills <paramref name="components"/> with joint <paramref name="joint"/>'s mixture given all joints of
    /// one frame (J*3 mm). With <paramref name="continuous"/> (decoding only) the side count is ramped — side
    /// i weighted by clamp(d/c − i + 1, 0, 1) — so estimates that start too close together are pushed apart
    /// instead of losing their side Gaussians.
    /// </summary>
    public void Components(ReadOnlySpan<float> joints, int joint, List<GaussianComponent> components, bool continuous = false)
    {
        components.Clear();
        float px = joints[3 * joint], py = joints[(3 * joint) + 1], pz = joints[(3 * joint) + 2];
        components.Add(new GaussianComponent(px, py, pz, sigma, 1f));
        foreach (var a in neighbours[joint])
        {
            float dx = joints[3 * a] - px, dy = joints[(3 * a) + 1] - py, dz = joints[(3 * a) + 2] - pz;
            var distance = MathF.Sqrt((dx * dx) + (dy * dy) + (dz * dz));
            var steps = distance / step;
            var sides = (int)(continuous ? MathF.Ceiling(steps) : MathF.Floor(steps));
            for (var i = 1; i <= sides; i++)
            {
                var t = i * step / distance;
                var ratio = 1f / (i * i);
                var weight = continuous ? Math.Clamp(steps - i + 1, 0f, 1f) : 1f;
                components.Add(new GaussianComponent(px + (t * dx), py + (t * dy), pz + (t * dz), sigma * i * i, weight * ratio * ratio * ratio));
            }
        }
    }
}
