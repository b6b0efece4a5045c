using PoseCluster.Datasets.AugMotion;
using PoseCluster.Datasets.Geometry;
using PoseCluster.Datasets.Skeleton;
using PoseCluster.Datasets.Sources;
using PoseCluster.Datasets.Tests.Sources;
using PoseCluster.Datasets.Tests.Support;
using PoseCluster.Datasets.Windows;

namespace PoseCluster.Datasets.Tests.AugMotion;

/// <summary>AugMotion over the committed synthetic corpus of all four sources, read by the real loaders.</summary>
public sealed class SyntheticCorpusTests
{
    private const int WindowLength = 4;
    private const int WindowStride = 3;

    private static readonly string[] Kinds = ["h36m", "3dhp", "aistpp", "mads"];

    private static IReadOnlyList<HarmonizationSource> Sources() =>
    [
        .. Kinds.Select(name =>
        {
            Assert.True(DatasetKinds.TryParse(name, out var kind));
            var loader = DatasetLoaders.Create(kind);
            return new HarmonizationSource(name, ct => loader.Load(SyntheticFixtures.Folder(name), ct));
        }),
    ];

    private static Dictionary<SequenceKey, PoseSequence> LoadAll() =>
        Sources().SelectMany(s => s.Load(CancellationToken.None)).Where(r => r.Sequence is not null)
            .ToDictionary(r => SequenceKey.Of(r.Sequence!), r => r.Sequence!);

    private static async Task<(HarmonizationResult Result, MemorySink Sink)> HarmonizeAsync()
    {
        var sink = new MemorySink();
        var options = HarmonizerOptions.Default with { WindowLength = WindowLength, WindowStride = WindowStride };
        var result = await new Harmonizer(options).RunAsync(Sources(), sink, CancellationToken.None);
        return (result, sink);
    }

    [Fact]
    public async Task Every_sequence_of_the_four_sources_is_harmonized_or_rejected_with_a_reason()
    {
        var (result, sink) = await HarmonizeAsync();
        var manifest = result.Manifest;
        Assert.Equal(Kinds.Order(StringComparer.Ordinal), manifest.Sequences.Select(s => s.Dataset).Distinct().Order(StringComparer.Ordinal));
        // Rejections of files the loaders could not read have no camera (their subject and name are what the loader knew).
        Assert.Equal(LoadAll().Count, manifest.Sequences.Count + manifest.Rejected.Count(r => r.Camera != ""));
        Assert.Equal(manifest.Sequences.Count, sink.Sequences.Count);
        Assert.All(manifest.Rejected, r => Assert.False(string.IsNullOrWhiteSpace(r.Reason)));
        Assert.All(Kinds, k => Assert.True(result.DatasetStatistics[k].Frames > 0));
        var total = result.DatasetStatistics.Values.Aggregate(default(ReferenceStatistics), (a, b) => a + b);
        Assert.Equal(total.MeanShoulderWidthMm, manifest.Ms, 1e-9);
        Assert.Equal(total.MeanShoulderToPelvisMm, manifest.Msp, 1e-9);
    }

    [Fact]
    public async Task Every_key_frame_lands_on_the_canonical_triangle_within_its_reported_rmsd()
    {
        var (result, sink) = await HarmonizeAsync();
        var m = result.Manifest;
        Vector3d[] canonical = [new(m.Triangle.LeftShoulder[0], m.Triangle.LeftShoulder[1], m.Triangle.LeftShoulder[2]),
            new(m.Triangle.RightShoulder[0], m.Triangle.RightShoulder[1], m.Triangle.RightShoulder[2]),
            new(m.Triangle.Pelvis[0], m.Triangle.Pelvis[1], m.Triangle.Pelvis[2])];
        foreach (var entry in m.Sequences)
        {
            var harmonized = sink.Sequences[new(entry.Dataset, entry.Subject, entry.Action, entry.Camera)];
            var (l, r, p) = ReferenceStatistics.ReferencePoints(harmonized.Sequence.Frame(entry.KeyFrame));
            double[] d = [(l - canonical[0]).Length, (r - canonical[1]).Length, (p - canonical[2]).Length];
            var rmsd = Math.Sqrt(d.Select(x => x * x).Average());
            Assert.True(Math.Abs(rmsd - entry.RmsdMm) < 0.01, $"{harmonized.Key}: rmsd of the projected points {rmsd} vs reported {entry.RmsdMm}");
            Assert.All(d, x => Assert.True(x <= (Math.Sqrt(3) * entry.RmsdMm) + 0.01, $"{harmonized.Key}: a reference point is {x} mm off with rmsd {entry.RmsdMm}"));
        }
    }

    [Fact]
    public async Task The_projection_is_rigid_so_every_bone_keeps_its_length()
    {
        var (_, sink) = await HarmonizeAsync();
        var sources = LoadAll();
        foreach (var (key, harmonized) in sink.Sequences)
        {
            var source = sources[key];
            for (var f = 0; f < source.FrameCount; f++)
            {
                if (!source.Valid[f])
                {
                    Assert.All(harmonized.Sequence.Frame(f).ToArray(), v => Assert.True(float.IsNaN(v)));
                    continue;
                }

                foreach (var (parent, child) in H36mSkeleton.Bones)
                {
                    var before = Vector3d.Distance(Vector3d.At(source.Frame(f), parent), Vector3d.At(source.Frame(f), child));
                    var after = Vector3d.Distance(Vector3d.At(harmonized.Sequence.Frame(f), parent), Vector3d.At(harmonized.Sequence.Frame(f), child));
                    Assert.True(Math.Abs(before - after) < 0.01, $"{key} frame {f} bone {parent}-{child}: {before} -> {after} mm");
                }
            }
        }
    }

    [Fact]
    public async Task Human36m_S9_and_S11_appear_only_in_the_test_split_and_test_subjects_only_there()
    {
        var (result, sink) = await HarmonizeAsync();
        var h36m = result.Manifest.Sequences.Where(s => s.Dataset == "h36m").ToList();
        Assert.Contains(h36m, s => s.Subject is "S9" or "S11");
        Assert.All(h36m, s => Assert.Equal(s.Subject is "S9" or "S11" ? DataSplit.Test : DataSplit.Train, s.Split));
        Assert.DoesNotContain(sink.Sequences.Values.SelectMany(h => h.Clips()), c => c.Dataset == "h36m" && c.Subject is "S9" or "S11" && c.Split != DataSplit.Test);

        // Splits go by subject: every subject of every dataset has exactly one split.
        Assert.All(result.Manifest.Sequences.GroupBy(s => (s.Dataset, s.Subject)), g => Assert.Single(g.Select(s => s.Split).Distinct()));
    }

    [Fact]
    public async Task Window_counts_follow_the_rule_exactly()
    {
        var (result, sink) = await HarmonizeAsync();
        var sources = LoadAll();
        Assert.Contains(result.Manifest.Sequences, s => s.Windows > 0);
        foreach (var entry in result.Manifest.Sequences)
        {
            var key = new SequenceKey(entry.Dataset, entry.Subject, entry.Action, entry.Camera);
            var valid = sources[key].Valid;
            var expected = 0;
            var run = 0;
            foreach (var v in valid.Append(false))
            {
                if (v)
                {
                    run++;
                    continue;
                }

                expected += run >= WindowLength ? ((run - WindowLength) / WindowStride) + 1 : 0;
                run = 0;
            }

            Assert.Equal(expected, entry.Windows);
            var clips = sink.Sequences[key].Clips().ToList();
            Assert.Equal(expected, clips.Count);
            Assert.All(clips, c => Assert.All(c.Pose3d, v => Assert.True(float.IsFinite(v))));
        }
    }
}
