namespace PoseCluster.Models.Heatmaps;

/// <summary>
/// Decodes probability volumes [F, J, G³] into joints [F, J, 3] mm (root-relative). A plain soft-argmax
/// around each volume's peak is pulled along the bones by the side Gaussians, so the estimate is refined
/// by a fixed-point iteration: x ← x + (soft-argmax of the volume − soft-argmax of the mixture rendered at
/// x), inside the same window. Exact for a target volume, sub-voxel for a network's output.
/// </summary>
internal sealed class HeatPoseDecoder
{
    /// <summary>Half-width, in voxels, of the window around the peak.</summary>
    private const int Radius = 2;

    private const int Iterations = 10;

    private readonly HeatPoseMixture mixture;

    public HeatPoseDecoder(ModelOptions options) => mixture = new HeatPoseMixture(options);

    private ModelOptions Sizes => mixture.Options;

    private float[] Centres => mixture.VoxelCentres;

    /// <summary>Joints (F*J*3 mm) of probability volumes (F*J*G³).</summary>
    public void Decode(ReadOnlySpan<float> probabilities, int frames, Span<float> joints)
    {
        int j = Sizes.Joints, g = Sizes.Grid, perVolume = g * g * g;
        if (probabilities.Length != (long)frames * j * perVolume)
        {
            throw new InputShapeException("volumes", probabilities.Length, (long)frames * j * perVolume, $"{frames} frames x {j} joints x {g}^3");
        }

        if (joints.Length != frames * j * 3)
        {
            throw new InputShapeException("joints", joints.Length, (long)frames * j * 3, $"{frames} frames x {j} joints x 3");
        }

        var windows = new (int Lo, int Hi)[j * 3];
        var observed = new float[j * 3];
        var estimate = new float[j * 3];
        var next = new float[j * 3];
        var components = new List<GaussianComponent>();
        Span<float> rendered = stackalloc float[3];
        for (var f = 0; f < frames; f++)
        {
            for (var joint = 0; joint < j; joint++)
            {
                var volume = probabilities.Slice(((f * j) + joint) * perVolume, perVolume);
                var peak = 0;
                for (var v = 1; v < perVolume; v++)
                {
                    if (volume[v] > volume[peak])
                    {
                        peak = v;
                    }
                }

                int[] at = [peak / (g * g), peak / g % g, peak % g];
                for (var a = 0; a < 3; a++)
                {
                    windows[(3 * joint) + a] = (Math.Max(0, at[a] - Radius), Math.Min(g - 1, at[a] + Radius));
                }

                SoftArgmax(windows.AsSpan(3 * joint, 3), volume, null, observed.AsSpan(3 * joint, 3));
            }

            observed.CopyTo(estimate, 0);
            for (var iteration = 0; iteration < Iterations; iteration++)
            {
                for (var joint = 0; joint < j; joint++)
                {
                    mixture.Components(estimate, joint, components, continuous: true);
                    SoftArgmax(windows.AsSpan(3 * joint, 3), default, components, rendered);
                    for (var a = 0; a < 3; a++)
                    {
                        next[(3 * joint) + a] = estimate[(3 * joint) + a] + (observed[(3 * joint) + a] - rendered[a]);
                    }
                }

                (estimate, next) = (next, estimate);
            }

            estimate.CopyTo(joints.Slice(f * j * 3, j * 3));
        }
    }

    /// <summary>
    /// The expectation of voxel centres under the mass inside the window (renormalized): the volume's mass,
    /// or the mixture's density when <paramref name="components"/> is given — separable per component, so
    /// each costs three 1D sums over the window instead of a 3D one.
    /// </summary>
    private void SoftArgmax(ReadOnlySpan<(int Lo, int Hi)> window, ReadOnlySpan<float> volume, List<GaussianComponent>? components, Span<float> result)
    {
        double sum = 0, ax = 0, ay = 0, az = 0;
        if (components is null)
        {
            var g = Sizes.Grid;
            for (var x = window[0].Lo; x <= window[0].Hi; x++)
            {
                for (var y = window[1].Lo; y <= window[1].Hi; y++)
                {
                    for (var z = window[2].Lo; z <= window[2].Hi; z++)
                    {
                        double m = volume[(((x * g) + y) * g) + z];
                        sum += m;
                        ax += m * Centres[x];
                        ay += m * Centres[y];
                        az += m * Centres[z];
                    }
                }
            }
        }
        else
        {
            Span<double> mass = stackalloc double[3];
            Span<double> moment = stackalloc double[3];
            foreach (var c in components)
            {
                var denominator = 2.0 * c.Sigma * c.Sigma;
                for (var a = 0; a < 3; a++)
                {
                    var mu = a == 0 ? c.X : a == 1 ? c.Y : c.Z;
                    double m = 0, first = 0;
                    for (var k = window[a].Lo; k <= window[a].Hi; k++)
                    {
                        var d = Centres[k] - mu;
                        var v = Math.Exp(-d * d / denominator);
                        m += v;
                        first += v * Centres[k];
                    }

                    mass[a] = m;
                    moment[a] = first;
                }

                var weight = c.Amplitude * mass[0] * mass[1] * mass[2];
                sum += weight;
                ax += c.Amplitude * moment[0] * mass[1] * mass[2];
                ay += c.Amplitude * mass[0] * moment[1] * mass[2];
                az += c.Amplitude * mass[0] * mass[1] * moment[2];
            }
        }

        if (sum > 0)
        {
            result[0] = (float)(ax / sum);
            result[1] = (float)(ay / sum);
            result[2] = (float)(az / sum);
        }
        else
        {
            for (var a = 0; a < 3; a++)
            {
                result[a] = Centres[(window[a].Lo + window[a].Hi) / 2];
            }
        }
    }
}
