using System.Numerics;
using PoseCluster.Datasets.AugMotion;
using PoseCluster.Datasets.Tests.Support;
using PoseCluster.Datasets.Windows;

namespace PoseCluster.Datasets.Tests.AugMotion;

public sealed class HarmonizerTests
{
    private static HarmonizationSource Source(string dataset, IReadOnlyList<SequenceLoadResult> results) => new(dataset, _ => results);

    private static List<SequenceLoadResult> Corpus(TestPoses poses, string dataset, Vector3 up, string[] subjects, int frames, double scale)
    {
        var results = new List<SequenceLoadResult>();
        foreach (var subject in subjects)
        {
            foreach (var action in new[] { "A", "B" })
            {
                results.Add(SequenceLoadResult.Loaded($"{dataset}/{subject}/{action}", poses.Sequence(dataset, subject, action, "world", frames, up, scale)));
            }
        }

        return results;
    }

    [Fact]
    public async Task Ms_and_Msp_are_frame_weighted_means_over_every_dataset_and_every_sequence_is_harmonized()
    {
        var poses = new TestPoses(70);
        var h36m = Corpus(poses, "h36m", new(0, 0, 1), ["S1", "S9", "S11"], 64, 1.0);
        var aist = Corpus(poses, "aistpp", new(0, 1, 0), ["d01", "d02"], 96, 1.2);
        aist.Add(SequenceLoadResult.Skipped("keypoints3d/bad.pkl", "unreadable"));
        var broken = TestPoses.WithInvalid(poses.Sequence("aistpp", "d03", "empty", "world", 3, new(0, 1, 0)), 0, 1, 2);
        aist.Add(SequenceLoadResult.Loaded("keypoints3d/empty.pkl", broken));
        var sink = new MemorySink();
        var result = await new Harmonizer(HarmonizerOptions.Default with { MaxDegreeOfParallelism = 3 })
            .RunAsync([Source("h36m", h36m), Source("aistpp", aist)], sink, CancellationToken.None);
        var manifest = result.Manifest;

        // Standing pose: shoulder width 360 mm, shoulder midpoint 480 mm above the pelvis; scaled 1.2 in AIST++.
        var h36mFrames = 6 * 64;
        var aistFrames = 4 * 96;
        var expectedMs = ((360.0 * h36mFrames) + (360.0 * 1.2 * aistFrames)) / (h36mFrames + aistFrames);
        Assert.Equal(expectedMs, manifest.Ms, 0.5);
        Assert.Equal(h36mFrames, result.DatasetStatistics["h36m"].Frames);
        Assert.Equal(aistFrames, result.DatasetStatistics["aistpp"].Frames);
        Assert.Equal(new[] { 0, -manifest.Ms / 2, 0 }, manifest.Triangle.LeftShoulder);
        Assert.Equal(new[] { 0, 0, manifest.Msp }, manifest.Triangle.Pelvis);

        Assert.Equal(10, manifest.Sequences.Count);
        Assert.Equal(10, sink.Sequences.Count);
        Assert.Equal(2, manifest.Rejected.Count);
        Assert.Contains(manifest.Rejected, r => r.Reason == "keypoints3d/bad.pkl: unreadable");
        Assert.Contains(manifest.Rejected, r => r.Subject == "d03" && r.Reason.Contains("no valid frames", StringComparison.Ordinal));

        Assert.All(manifest.Sequences.Where(s => s.Dataset == "h36m"), s => Assert.Equal(s.Subject is "S9" or "S11" ? DataSplit.Test : DataSplit.Train, s.Split));
        Assert.All(manifest.Sequences, s => Assert.Equal(s.Frames / 16, s.Windows));
        Assert.Equal(manifest.Sequences.OrderBy(s => s.Dataset, StringComparer.Ordinal).ThenBy(s => s.Subject, StringComparer.Ordinal).ThenBy(s => s.Action, StringComparer.Ordinal).Select(s => s.File), manifest.Sequences.Select(s => s.File));
    }

    [Fact]
    public async Task The_manifest_is_the_same_on_one_worker_and_on_many()
    {
        var poses = new TestPoses(71);
        var corpus = Corpus(poses, "mads", new(0, 0, 1), ["S1", "S2", "S3"], 50, 1.0);
        var one = await new Harmonizer(HarmonizerOptions.Default with { MaxDegreeOfParallelism = 1 }).RunAsync([Source("mads", corpus)], new MemorySink(), CancellationToken.None);
        var many = await new Harmonizer(HarmonizerOptions.Default with { MaxDegreeOfParallelism = 4 }).RunAsync([Source("mads", corpus)], new MemorySink(), CancellationToken.None);
        Assert.Equal(one.Manifest.ToJson(), many.Manifest.ToJson());
    }

    [Fact]
    public async Task A_corpus_without_any_usable_frame_is_refused()
    {
        var poses = new TestPoses(72);
        var broken = TestPoses.WithInvalid(poses.Sequence("mads", "S1", "x", "world", 2, new(0, 0, 1)), 0, 1);
        var e = await Assert.ThrowsAsync<HarmonizationException>(() =>
            new Harmonizer(HarmonizerOptions.Default).RunAsync([Source("mads", [SequenceLoadResult.Loaded("x", broken)])], new MemorySink(), CancellationToken.None));
        Assert.Contains("no canonical triangle", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_loader_exception_propagates_and_ends_the_run()
    {
        static IEnumerable<SequenceLoadResult> Failing()
        {
            yield return SequenceLoadResult.Skipped("a", "skipped");
            throw new DatasetFormatException("broken.npz", 12, "bad header");
        }

        var e = await Assert.ThrowsAsync<DatasetFormatException>(() =>
            new Harmonizer(HarmonizerOptions.Default).RunAsync([new HarmonizationSource("h36m", _ => Failing())], new MemorySink(), CancellationToken.None));
        Assert.Contains("broken.npz", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Duplicate_sequences_are_written_once_and_the_duplicate_is_reported()
    {
        var poses = new TestPoses(73);
        var sequence = poses.Sequence("h36m", "S1", "Walk", "world", 40, new(0, 0, 1));
        var sink = new MemorySink();
        var result = await new Harmonizer(HarmonizerOptions.Default).RunAsync(
            [Source("h36m", [SequenceLoadResult.Loaded("a", sequence), SequenceLoadResult.Loaded("b", sequence)])], sink, CancellationToken.None);
        Assert.Single(result.Manifest.Sequences);
        Assert.Single(sink.Sequences);
        Assert.Contains("duplicate sequence", Assert.Single(result.Manifest.Rejected).Reason, StringComparison.Ordinal);
    }
}
