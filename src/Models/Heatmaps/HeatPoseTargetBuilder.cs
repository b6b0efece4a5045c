using System.Numerics.Tensors;

namespace PoseCluster.Models.Heatmaps;

/// <summary>
/// Writes HeatPose target volumes into a caller's buffer (the trainer keeps one per batch shape, so no
/// volume is allocated per step). Each mixture component is separable, so a volume is a sum of outer
/// products gx ⊗ gy ⊗ gz accumulated row by row; rows where a component is below 1e-7 of its peak are
/// skipped. Volumes are normalized to sum 1 (the cross-entropy target). Voxel index (x·G + y)·G + z;
/// voxel k's centre is −extent/2 + (k + ½)·extent/G, in mm relative to the cube's centre (the model
/// centres it on each frame's root joint).
/// </summary>
internal sealed class HeatPoseTargetBuilder
{
    private const float Negligible = 1e-7f;

    private readonly HeatPoseMixture mixture;

    public HeatPoseTargetBuilder(ModelOptions options) => mixture = new HeatPoseMixture(options);

    private ModelOptions Sizes => mixture.Options;

    private float[] Centres => mixture.VoxelCentres;

    /// <summary>
    /// Volumes [F, J, G³] of F frames of J joints (F*J*3 mm relative to the cube's centre, or, with
    /// <paramref name="centreOnRoot"/>, made relative to each frame's root joint first).
    /// </summary>
    public void Build(ReadOnlySpan<float> poses, int frames, Span<float> volumes, int parallelism = 1, bool centreOnRoot = false)
    {
        int joints = Sizes.Joints, g = Sizes.Grid, perVolume = g * g * g;
        if (poses.Length != frames * joints * 3)
        {
            throw new InputShapeException("pose3d", poses.Length, (long)frames * joints * 3, $"{frames} frames x {joints} joints x 3");
        }

        if (volumes.Length != (long)frames * joints * perVolume)
        {
            throw new InputShapeException("volumes", volumes.Length, (long)frames * joints * perVolume, $"{frames} frames x {joints} joints x {g}^3");
        }

        var relative = new float[poses.Length];
        for (var f = 0; f < frames; f++)
        {
            var frame = poses.Slice(f * joints * 3, joints * 3);
            for (var i = 0; i < joints * 3; i++)
            {
                relative[(f * joints * 3) + i] = centreOnRoot ? frame[i] - frame[(3 * Sizes.RootJoint) + (i % 3)] : frame[i];
            }
        }

        unsafe
        {
            fixed (float* start = volumes)
            {
                var address = (nint)start;
                var total = volumes.Length;
                Parallel.For(
                    0,
                    frames * joints,
                    new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism) },
                    () => (new List<GaussianComponent>(), new float[3 * g]),
                    (n, _, scratch) =>
                    {
                        var all = new Span<float>((void*)address, total);
                        var f = n / joints;
                        BuildOne(relative.AsSpan(f * joints * 3, joints * 3), n % joints, all.Slice(n * perVolume, perVolume), scratch.Item1, scratch.Item2);
                        return scratch;
                    },
                    _ => { });
            }
        }
    }

    private void BuildOne(ReadOnlySpan<float> joints, int joint, Span<float> volume, List<GaussianComponent> components, float[] axes)
    {
        var g = Sizes.Grid;
        volume.Clear();
        mixture.Components(joints, joint, components);
        var gx = axes.AsSpan(0, g);
        var gy = axes.AsSpan(g, g);
        var gz = axes.AsSpan(2 * g, g);
        foreach (var c in components)
        {
            var denominator = 2f * c.Sigma * c.Sigma;
            for (var k = 0; k < g; k++)
            {
                float dx = Centres[k] - c.X, dy = Centres[k] - c.Y, dz = Centres[k] - c.Z;
                gx[k] = c.Amplitude * MathF.Exp(-dx * dx / denominator);
                gy[k] = MathF.Exp(-dy * dy / denominator);
                gz[k] = MathF.Exp(-dz * dz / denominator);
            }

            var floor = Negligible * c.Amplitude;
            for (var x = 0; x < g; x++)
            {
                if (gx[x] < floor)
                {
                    continue;
                }

                for (var y = 0; y < g; y++)
                {
                    var weight = gx[x] * gy[y];
                    if (weight < floor)
                    {
                        continue;
                    }

                    var row = volume.Slice(((x * g) + y) * g, g);
                    TensorPrimitives.MultiplyAdd(gz, weight, row, row);
                }
            }
        }

        var sum = TensorPrimitives.Sum(volume);
        TensorPrimitives.Multiply(volume, 1f / MathF.Max(sum, 1e-30f), volume);
    }
}
