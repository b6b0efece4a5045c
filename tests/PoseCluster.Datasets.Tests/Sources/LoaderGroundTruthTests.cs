using PoseCluster.Datasets.Skeleton;
using PoseCluster.Datasets.Sources;

namespace PoseCluster.Datasets.Tests.Sources;

/// <summary>Every loader against the generator's ground truth, joint by joint, in millimetres.</summary>
public sealed class LoaderGroundTruthTests
{
    /// <summary>The ground truth is rounded to 0.001 mm; the loaders keep float32 millimetres.</summary>
    private const double ToleranceMm = 0.002;

    public static TheoryData<string> Kinds => ["h36m", "3dhp", "aistpp", "mads"];

    private static List<SequenceLoadResult> Load(string kind, string? folder = null, DatasetLoaderOptions? options = null)
    {
        Assert.True(DatasetKinds.TryParse(kind, out var datasetKind));
        return [.. DatasetLoaders.Create(datasetKind, options).Load(folder ?? SyntheticFixtures.Folder(kind), CancellationToken.None)];
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_sequence_matches_the_ground_truth_joint_by_joint(string kind)
    {
        var truth = SyntheticFixtures.Truth(kind);
        var loaded = Load(kind).Where(r => r.Sequence is not null).Select(r => r.Sequence!).ToList();
        Assert.Equal(truth.Sequences.Count, loaded.Count);
        foreach (var expected in truth.Sequences)
        {
            var actual = Assert.Single(loaded, s => s.Subject == expected.Subject && s.Action == expected.Action && s.Camera == expected.Camera);
            Assert.Equal(kind, actual.Dataset);
            Assert.Equal(expected.Fps, actual.Fps);
            Assert.Equal(expected.Valid, actual.Valid);
            for (var f = 0; f < expected.Positions.Length; f++)
            {
                var frame = actual.Frame(f);
                if (expected.Positions[f] is not { } joints)
                {
                    Assert.True(float.IsNaN(frame[0]), $"{expected.Subject}/{expected.Action}/{expected.Camera} frame {f} is invalid and must be NaN");
                    continue;
                }

                for (var j = 0; j < H36mSkeleton.JointCount; j++)
                {
                    for (var axis = 0; axis < 3; axis++)
                    {
                        var difference = Math.Abs(frame[(j * 3) + axis] - joints[(j * 3) + axis]);
                        Assert.True(
                            difference <= ToleranceMm,
                            $"{kind} {expected.Subject}/{expected.Action}/{expected.Camera} frame {f} joint {j} ({H36mSkeleton.JointNames[j]}) axis {axis}: " +
                            $"{frame[(j * 3) + axis]} vs {joints[(j * 3) + axis]}");
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void The_expected_sequences_are_skipped_with_a_reason_naming_the_file(string kind)
    {
        var truth = SyntheticFixtures.Truth(kind);
        var skipped = Load(kind).Where(r => r.Sequence is null).ToList();
        Assert.Equal(truth.Skipped.Count, skipped.Count);
        foreach (var (source, _) in truth.Skipped)
        {
            var result = Assert.Single(skipped, s => s.SourcePath.EndsWith(source.Replace('/', Path.DirectorySeparatorChar), StringComparison.Ordinal));
            Assert.Contains(Path.GetFileNameWithoutExtension(source), result.SkipReason, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("h36m", 0, 0, 1, 50)]
    [InlineData("aistpp", 0, 1, 0, 60)]
    [InlineData("mads", 0, 0, 1, 15)]
    [InlineData("3dhp", 0, -1, 0, 25)]
    public void Each_source_declares_its_up_axis_and_frame_rate_and_the_head_is_above_the_pelvis_along_it(string kind, float x, float y, float z, double fps)
    {
        var sequences = Load(kind).Select(r => r.Sequence).OfType<PoseSequence>().ToList();
        Assert.NotEmpty(sequences);
        foreach (var sequence in sequences)
        {
            Assert.Equal(new System.Numerics.Vector3(x, y, z), sequence.UpAxis);
            if (kind != "3dhp" || sequence.Action == "Seq1")
            {
                Assert.Equal(fps, sequence.Fps);
            }

            for (var f = 0; f < sequence.FrameCount; f++)
            {
                if (sequence.Valid[f])
                {
                    var frame = sequence.Frame(f);
                    var up = ((frame[30] - frame[0]) * x) + ((frame[31] - frame[1]) * y) + ((frame[32] - frame[2]) * z);
                    Assert.InRange(up, 400f, 1100f); // pelvis to head top along up: a person, in millimetres
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Positions_are_in_millimetres_thigh_lengths_are_those_of_a_person(string kind)
    {
        foreach (var sequence in Load(kind).Select(r => r.Sequence).OfType<PoseSequence>())
        {
            var f = Array.IndexOf(sequence.Valid, true);
            var frame = sequence.Frame(f).ToArray();
            var thigh = Math.Sqrt(Enumerable.Range(0, 3).Sum(a => Math.Pow(frame[(1 * 3) + a] - frame[(2 * 3) + a], 2)));
            Assert.InRange(thigh, 300, 600);
        }
    }
}
