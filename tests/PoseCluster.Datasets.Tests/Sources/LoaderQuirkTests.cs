using PoseCluster.Datasets.Sources;

namespace PoseCluster.Datasets.Tests.Sources;

/// <summary>The sources' known quirks, each handled by its loader.</summary>
public sealed class LoaderQuirkTests : IDisposable
{
    private readonly List<string> _temporary = [];

    public void Dispose()
    {
        foreach (var dir in _temporary)
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private string Copy(string kind)
    {
        var dir = SyntheticFixtures.CopyToTemp(kind);
        _temporary.Add(dir);
        return dir;
    }

    private static List<SequenceLoadResult> Load(DatasetKind kind, string folder, DatasetLoaderOptions? options = null) =>
        [.. DatasetLoaders.Create(kind, options).Load(folder, CancellationToken.None)];

    private static List<SequenceLoadResult> LoadFixture(DatasetKind kind, string name) => Load(kind, SyntheticFixtures.Folder(name));

    [Fact]
    public void Human36m_has_no_S11_Directions_but_has_S11s_other_actions()
    {
        var sequences = LoadFixture(DatasetKind.H36M, "h36m").Select(r => r.Sequence!).ToList();
        Assert.DoesNotContain(sequences, s => s.Subject == "S11" && s.Action == "Directions");
        Assert.Contains(sequences, s => s.Subject == "S11");
        Assert.Contains(sequences, s => s.Subject == "S1" && s.Action == "Directions");
        Assert.All(sequences, s => Assert.Equal("world", s.Camera));
    }

    [Fact]
    public void Human36m_attaches_the_configured_views_2d_keypoints_and_a_calibration_that_projects_the_pose_onto_them()
    {
        var truth = SyntheticFixtures.Truth("h36m");
        foreach (var sequence in LoadFixture(DatasetKind.H36M, "h36m").Select(r => r.Sequence!))
        {
            var expected = truth.Sequences.Single(s => s.Subject == sequence.Subject && s.Action == sequence.Action).FirstKeypoints2dCamera0!;
            Assert.NotNull(sequence.Keypoints2D);
            Assert.Equal(sequence.FrameCount * 17 * 2, sequence.Keypoints2D.Length);
            Assert.Equal(4, sequence.Cameras!.Count);
            var camera = sequence.Calibration!;
            Assert.Equal("54138969", camera.Name);
            for (var j = 0; j < 17; j++)
            {
                Assert.Equal(expected[j * 2], sequence.Keypoints2D[j * 2], 2);
                Assert.Equal(expected[(j * 2) + 1], sequence.Keypoints2D[(j * 2) + 1], 2);

                // World (mm) → camera → pixels with the JSON's calibration lands on the 2D keypoint.
                var p = sequence.Frame(0).Slice(j * 3, 3).ToArray();
                var r = camera.Rotation;
                var c = Enumerable.Range(0, 3).Select(i => (r[i * 3] * p[0]) + (r[(i * 3) + 1] * p[1]) + (r[(i * 3) + 2] * p[2]) + camera.Translation[i]).ToArray();
                Assert.Equal(expected[j * 2], (camera.Fx * c[0] / c[2]) + camera.Cx, 1);
                Assert.Equal(expected[(j * 2) + 1], (camera.Fy * c[1] / c[2]) + camera.Cy, 1);
            }
        }
    }

    [Fact]
    public void Mpi3dhp_yields_one_sequence_per_camera_with_its_calibration_and_the_toolkits_frame_rates()
    {
        var sequences = LoadFixture(DatasetKind.Mpi3dhp, "3dhp").Select(r => r.Sequence!).ToList();
        Assert.Equal(28, sequences.Count);
        Assert.Equal(Enumerable.Range(0, 14).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), sequences.Where(s => s.Action == "Seq1").Select(s => s.Camera));
        Assert.All(sequences, s => Assert.Equal(s.Camera, s.Calibration!.Name));
        Assert.All(sequences, s => Assert.Equal(s.Action == "Seq2" ? 50 : 25, s.Fps));
    }

    [Fact]
    public void Mpi3dhp_frame_rate_overrides_come_from_the_options()
    {
        var options = new DatasetLoaderOptions { Mpi3dhp = new Mpi3dhpOptions { Fps = 30, FpsOverrides = new Dictionary<string, double> { ["S1"] = 40 } } };
        Assert.All(Load(DatasetKind.Mpi3dhp, SyntheticFixtures.Folder("3dhp"), options), r => Assert.Equal(40, r.Sequence!.Fps));
        Assert.Equal(50, new Mpi3dhpOptions().FpsOf("S1", "Seq2"));
        Assert.Equal(50, new Mpi3dhpOptions().FpsOf("S5", "Seq1"));
        Assert.Equal(25, new Mpi3dhpOptions().FpsOf("S2", "Seq1"));
    }

    [Fact]
    public void Nan_frames_are_invalid_and_the_rest_stay_valid()
    {
        var sequences = LoadFixture(DatasetKind.AistPlusPlus, "aistpp").Select(r => r.Sequence).OfType<PoseSequence>().ToList();
        var first = sequences.Single(s => s.Action.EndsWith("_ch01", StringComparison.Ordinal));
        Assert.False(first.Valid[0]);
        Assert.True(float.IsNaN(first.Frame(0)[0]));
        Assert.All(sequences, s => Assert.InRange(s.ValidFrameCount, s.FrameCount - 4, s.FrameCount - 1));
        Assert.All(LoadFixture(DatasetKind.Mads, "mads").Select(r => r.Sequence).OfType<PoseSequence>(), s => Assert.Equal(s.FrameCount - 2, s.ValidFrameCount));
    }

    [Fact]
    public void Aistpp_subject_is_the_dancer_token_skips_the_ignore_list_and_carries_the_settings_cameras()
    {
        var results = LoadFixture(DatasetKind.AistPlusPlus, "aistpp");
        var ignored = File.ReadAllText(Path.Combine(SyntheticFixtures.Folder("aistpp"), "ignore_list.txt")).Trim();
        var skipped = Assert.Single(results, r => r.Sequence is null);
        Assert.Contains(ignored, skipped.SkipReason!, StringComparison.Ordinal);
        Assert.Contains("ignore_list.txt", skipped.SkipReason, StringComparison.Ordinal);
        foreach (var sequence in results.Select(r => r.Sequence).OfType<PoseSequence>())
        {
            Assert.Equal(sequence.Subject, sequence.Action.Split('_')[3]);
            Assert.Matches("^d[0-9]{2}$", sequence.Subject);
            Assert.Equal(9, sequence.Cameras!.Count);
            Assert.Equal("c01", sequence.Cameras[0].Name);
            AssertRotation(sequence.Cameras[0].Rotation);
        }

        Assert.Null(AistppLoader.DancerOf("gBR_sBM_cAll_mBR0_ch01"));
    }

    [Fact]
    public void Mads_skips_15_joint_sequences_with_the_reason_and_reads_the_calibrations()
    {
        var results = LoadFixture(DatasetKind.Mads, "mads");
        var skipped = Assert.Single(results, r => r.Sequence is null);
        Assert.Contains("15 joints", skipped.SkipReason, StringComparison.Ordinal);
        Assert.Contains("Taichi_S2_GT.mat", skipped.SkipReason, StringComparison.Ordinal);
        foreach (var sequence in results.Select(r => r.Sequence).OfType<PoseSequence>())
        {
            var cameras = sequence.Cameras!;
            Assert.Equal(["Cam0", "Cam1", "Cam2"], cameras.Select(c => c.Name));
            AssertRotation(cameras[1].Rotation);
            Assert.Contains(sequence.Subject, new[] { "Taichi", "Kata" });
            Assert.StartsWith(sequence.Subject + "_", sequence.Action, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(DatasetKind.AistPlusPlus, "aistpp", "keypoints3d/gPO_sBM_cAll_d04_mPO1_ch02.pkl")]
    [InlineData(DatasetKind.Mads, "mads", "multi_view_data/Kata/Kata_S1_GT.mat")]
    [InlineData(DatasetKind.Mpi3dhp, "3dhp", "S1/Seq2/annot.mat")]
    public void A_corrupt_file_is_skipped_with_a_reason_naming_it_while_the_rest_loads(DatasetKind kind, string name, string damaged)
    {
        var folder = Copy(name);
        var before = Load(kind, folder).Count(r => r.Sequence is not null);
        var file = Path.Combine(folder, damaged);
        var bytes = File.ReadAllBytes(file);
        File.WriteAllBytes(file, bytes[..(bytes.Length / 2)]); // truncated mid-way

        var results = Load(kind, folder);
        var skipped = Assert.Single(results, r => r.SourcePath.StartsWith(file, StringComparison.Ordinal));
        Assert.Null(skipped.Sequence);
        Assert.Contains(Path.GetFileName(file), skipped.SkipReason, StringComparison.Ordinal);
        var lost = kind == DatasetKind.Mpi3dhp ? 14 : 1;
        Assert.Equal(before - lost, results.Count(r => r.Sequence is not null));
    }

    [Fact]
    public void A_3dhp_sequence_folder_without_its_annotation_is_skipped_with_the_reason()
    {
        var folder = Copy("3dhp");
        var missing = Path.Combine(folder, "S1", "Seq2", "annot.mat");
        File.Delete(missing);
        var results = Load(DatasetKind.Mpi3dhp, folder);
        var skipped = Assert.Single(results, r => r.Sequence is null);
        Assert.Equal(missing, skipped.SourcePath);
        Assert.Contains("missing", skipped.SkipReason, StringComparison.Ordinal);
        Assert.Equal(14, results.Count(r => r.Sequence is not null));
    }

    [Fact]
    public void A_garbage_pickle_is_skipped_not_fatal()
    {
        var folder = Copy("aistpp");
        var file = Path.Combine(folder, "keypoints3d", "gBR_sBM_cAll_d21_mBR0_ch01.pkl");
        File.WriteAllText(file, "not a pickle at all");
        var results = Load(DatasetKind.AistPlusPlus, folder);
        Assert.Contains(results, r => r.Sequence is null && r.SkipReason!.Contains("gBR_sBM_cAll_d21_mBR0_ch01.pkl", StringComparison.Ordinal));
        Assert.Equal(2, results.Count(r => r.Sequence is not null));
    }

    [Fact]
    public void A_loader_streams_lazily_nothing_is_read_before_enumeration()
    {
        var missing = Path.Combine(Path.GetTempPath(), "posecluster-no-such-dataset-" + Guid.NewGuid());
        var sequences = DatasetLoaders.Create(DatasetKind.H36M).Load(missing, CancellationToken.None);
        var error = Assert.Throws<DatasetFormatException>(() => sequences.First());
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    private static void AssertRotation(IReadOnlyList<double> r)
    {
        for (var i = 0; i < 3; i++)
        {
            for (var k = 0; k < 3; k++)
            {
                var dot = (r[i * 3] * r[k * 3]) + (r[(i * 3) + 1] * r[(k * 3) + 1]) + (r[(i * 3) + 2] * r[(k * 3) + 2]);
                Assert.Equal(i == k ? 1.0 : 0.0, dot, 6);
            }
        }
    }
}
