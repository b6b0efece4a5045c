using System.Numerics;
using PoseCluster.Datasets.AugMotion;
using PoseCluster.Datasets.Tests.Support;

namespace PoseCluster.Datasets.Tests.AugMotion;

/// <summary>
/// The optimized k-means (fused distances, bound pruning) against a plain reference that computes every
/// distance every iteration with the same float arithmetic: the same key frame, always.
/// </summary>
public sealed class KeyFrameReferenceTests
{
    private const int Dimensions = 48;

    [Fact]
    public void The_pruned_k_means_chooses_the_key_frame_of_the_plain_one_for_k_from_1_to_5()
    {
        var poses = new TestPoses(99);
        var random = new Random(4);
        for (var trial = 0; trial < 60; trial++)
        {
            var options = new AugMotionOptions(Clusters: 1 + (trial % 5), Seed: (ulong)trial);
            var sequence = poses.Sequence("mads", "S1", "a", "world", 30 + random.Next(400), new Vector3(0, 0, 1));
            if (trial % 7 == 0)
            {
                // Repeated frames make ties between centres and between points.
                var positions = sequence.Positions.ToArray();
                for (var f = 1; f < sequence.FrameCount; f += 3)
                {
                    sequence.Frame(0).CopyTo(positions.AsSpan(f * 51, 51));
                }

                sequence = sequence with { Positions = positions };
            }

            Assert.Equal(Reference(sequence, options), KeyFrameSelector.Select(sequence, options).Frame);
        }
    }

    /// <summary>k-means++ seeding and Lloyd with every distance computed each iteration, lanes as Vector256 adds them.</summary>
    private static int Reference(PoseSequence sequence, AugMotionOptions options)
    {
        var up = new PoseCluster.Datasets.Geometry.Vector3d(sequence.UpAxis.X, sequence.UpAxis.Y, sequence.UpAxis.Z).Normalized();
        var minCosine = Math.Cos(options.UprightMaxAngleDegrees * Math.PI / 180);
        var valid = Enumerable.Range(0, sequence.FrameCount).Where(f => sequence.Valid[f]).ToList();
        var upright = valid.Where(f => KeyFrameSelector.IsUpright(sequence.Frame(f), up, minCosine)).ToList();
        var candidates = upright.Count < options.Clusters ? valid : upright;
        var n = candidates.Count;
        var points = new float[n * Dimensions];
        for (var i = 0; i < n; i++)
        {
            var frame = sequence.Frame(candidates[i]);
            for (var j = 0; j < Dimensions; j++)
            {
                points[(i * Dimensions) + j] = frame[j + 3] - frame[j % 3];
            }
        }

        var k = Math.Min(options.Clusters, n);
        var random = new SplitMix64(options.Seed);
        var centres = new float[k * Dimensions];
        var first = random.NextInt(n);
        Array.Copy(points, first * Dimensions, centres, 0, Dimensions);
        var nearest = Enumerable.Range(0, n).Select(i => Distance(points, i, centres, 0)).ToArray();
        for (var c = 1; c < k; c++)
        {
            var total = nearest.Sum();
            var chosen = (first + c) % n;
            if (total > 0)
            {
                var target = random.NextDouble() * total;
                double cumulative = 0;
                chosen = -1;
                for (var i = 0; i < n; i++)
                {
                    cumulative += nearest[i];
                    if (nearest[i] > 0 && cumulative > target)
                    {
                        chosen = i;
                        break;
                    }
                }

                chosen = chosen >= 0 ? chosen : Array.FindLastIndex(nearest, d => d > 0);
            }

            Array.Copy(points, chosen * Dimensions, centres, c * Dimensions, Dimensions);
            for (var i = 0; i < n; i++)
            {
                nearest[i] = Math.Min(nearest[i], Distance(points, i, centres, c));
            }
        }

        var assignment = Enumerable.Repeat(-1, n).ToArray();
        for (var iteration = 0; iteration < options.MaxIterations; iteration++)
        {
            var changed = false;
            for (var i = 0; i < n; i++)
            {
                var best = 0;
                for (var c = 1; c < k; c++)
                {
                    best = Distance(points, i, centres, c) < Distance(points, i, centres, best) ? c : best;
                }

                changed |= assignment[i] != best;
                assignment[i] = best;
            }

            if (!changed)
            {
                break;
            }

            for (var c = 0; c < k; c++)
            {
                var members = Enumerable.Range(0, n).Where(i => assignment[i] == c).ToList();
                for (var d = 0; d < Dimensions && members.Count > 0; d++)
                {
                    centres[(c * Dimensions) + d] = (float)(members.Sum(i => (double)points[(i * Dimensions) + d]) / members.Count);
                }
            }
        }

        var largest = Enumerable.Range(0, k).OrderByDescending(c => assignment.Count(a => a == c)).ThenBy(c => c).First();
        var member = Enumerable.Range(0, n).Where(i => assignment[i] == largest).OrderBy(i => Distance(points, i, centres, largest)).ThenBy(i => i).First();
        return candidates[member];
    }

    /// <summary>‖p_i − c‖² as Vector256 computes it: 8 lanes accumulated in float, then ((0+4)+(1+5))+((2+6)+(3+7)).</summary>
    private static double Distance(float[] points, int i, float[] centres, int c)
    {
        Span<float> lanes = stackalloc float[8];
        lanes.Clear();
        for (var j = 0; j < Dimensions; j++)
        {
            var diff = points[(i * Dimensions) + j] - centres[(c * Dimensions) + j];
            lanes[j % 8] += diff * diff;
        }

        return ((lanes[0] + lanes[4]) + (lanes[1] + lanes[5])) + ((lanes[2] + lanes[6]) + (lanes[3] + lanes[7]));
    }
}
