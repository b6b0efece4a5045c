namespace PoseCluster.Models.Tests;

public sealed class HeatPoseTests
{
    private static readonly ModelOptions Options = new();

    private static float Voxel => Options.ExtentMm / Options.Grid;

    private static float[] Targets(ModelOptions options, float[] pose, int frames)
    {
        var volumes = new float[HeatPose.VolumeLength(options, frames)];
        HeatPose.Targets(options, pose, frames, volumes);
        return volumes;
    }

    private static (int Index, float[] Centroid) PeakAndCentroid(ModelOptions options, ReadOnlySpan<float> volume)
    {
        var g = options.Grid;
        var best = 0;
        double sum = 0, cx = 0, cy = 0, cz = 0;
        for (var v = 0; v < volume.Length; v++)
        {
            if (volume[v] > volume[best])
            {
                best = v;
            }

            sum += volume[v];
            cx += volume[v] * Centre(options, v / (g * g));
            cy += volume[v] * Centre(options, v / g % g);
            cz += volume[v] * Centre(options, v % g);
        }

        return (best, [(float)(cx / sum), (float)(cy / sum), (float)(cz / sum)]);
    }

    private static float Centre(ModelOptions options, int k) => (-options.ExtentMm / 2) + ((k + 0.5f) * options.ExtentMm / options.Grid);

    [Fact]
    public void Targets_sum_to_one_and_peak_within_the_first_side_gaussian_of_each_joint()
    {
        var pose = TestPoses.Pose(0.3, 0.2, new Random(1));
        var volumes = Targets(Options, pose, 1);
        var perJoint = (int)(volumes.Length / 17);
        for (var j = 0; j < 17; j++)
        {
            var volume = volumes.AsSpan(j * perJoint, perJoint);
            double total = 0;
            foreach (var v in volume)
            {
                total += v;
            }

            Assert.Equal(1.0, total, 3);
            var (peak, _) = PeakAndCentroid(Options, volume);
            var g = Options.Grid;
            float[] centre = [Centre(Options, peak / (g * g)), Centre(Options, peak / g % g), Centre(Options, peak % g)];
            var distance = Math.Sqrt(Enumerable.Range(0, 3).Sum(a => Math.Pow(centre[a] - pose[(3 * j) + a], 2)));

            // Eq. 7 gives the first side Gaussian the main one's sigma at c = 1.6 voxels: the peak lies between them.
            Assert.True(distance < 1.5 * Voxel, $"joint {j}: peak {distance / Voxel:F2} voxels away");
        }
    }

    [Fact]
    public void A_joint_without_bone_neighbours_gets_one_gaussian_centred_on_it()
    {
        var single = Options with { Parents = [-1] };
        float[] joint = [110, -55, 30];
        var (peak, centroid) = PeakAndCentroid(single, Targets(single, joint, 1));
        var g = single.Grid;
        Assert.Equal(((17 * g) + 15) * g + 16, peak);
        for (var a = 0; a < 3; a++)
        {
            Assert.True(Math.Abs(centroid[a] - joint[a]) < 0.05 * Voxel, $"axis {a}: centroid {centroid[a]} vs {joint[a]}");
        }
    }

    [Fact]
    public void Side_mass_lies_along_the_bone_and_only_when_the_bone_is_longer_than_c()
    {
        var pair = Options with { Parents = [-1, 0] };
        // On the cube's axis, so the cube cannot truncate the wide side Gaussians unevenly across the bone.
        float[] longBone = [0, 0, -150, 0, 0, 150];
        var (_, centroid) = PeakAndCentroid(pair, Targets(pair, longBone, 1).AsSpan(0, pair.Grid * pair.Grid * pair.Grid));
        Assert.True(Math.Abs(centroid[0]) < 0.05 * Voxel && Math.Abs(centroid[1]) < 0.05 * Voxel, "side mass off the bone's line");
        Assert.True(centroid[2] > -150 + Voxel && centroid[2] < 150, $"side mass not pulled along the bone: z = {centroid[2]}");

        float[] shortBone = [40, -20, -300, 40, -20, -300 + 90];
        var (_, alone) = PeakAndCentroid(pair, Targets(pair, shortBone, 1).AsSpan(0, pair.Grid * pair.Grid * pair.Grid));
        Assert.True(Math.Abs(alone[2] + 300) < 0.05 * Voxel, $"a bone shorter than c still added side mass: z = {alone[2]}");
    }

    [Fact]
    public void Decoding_a_target_gives_back_every_joint_within_a_quarter_voxel()
    {
        var random = new Random(7);
        const int frames = 4;
        var poses = new float[frames * 51];
        for (var f = 0; f < frames; f++)
        {
            TestPoses.Pose(random.NextDouble() * 6, random.NextDouble() - 0.5, random, 30).CopyTo(poses, f * 51);
        }

        var joints = new float[poses.Length];
        HeatPose.Decode(Options, Targets(Options, poses, frames), frames, joints);
        for (var i = 0; i < poses.Length; i += 3)
        {
            var error = Math.Sqrt(Enumerable.Range(0, 3).Sum(a => Math.Pow(joints[i + a] - poses[i + a], 2)));
            Assert.True(error < 0.25 * Voxel, $"joint {i / 3 % 17} of frame {i / 51}: {error / Voxel:F3} voxels off");
        }
    }

    [Fact]
    public void The_loss_of_a_target_shaped_prediction_is_lowest_at_its_own_pose()
    {
        var pose = TestPoses.Pose(1.0, 0.1, new Random(3));
        var logits = Targets(Options, pose, 1).Select(p => MathF.Log(Math.Max(p, 1e-30f))).ToArray();
        var atTarget = HeatPose.Loss(Options, logits, pose, 1);
        foreach (var shift in new[] { 0.25f, 0.5f, 1f, 3f })
        {
            foreach (var axis in new[] { 0, 1, 2 })
            {
                var moved = pose.Select((v, i) => i % 3 == axis && i >= 3 ? v + (shift * Voxel) : v).ToArray();
                Assert.True(HeatPose.Loss(Options, logits, moved, 1) > atTarget, $"shift {shift} voxel on axis {axis} did not raise the loss");
            }
        }
    }
}
