using PoseCluster.Datasets.AugMotion;
using PoseCluster.Datasets.Pipeline;
using PoseCluster.Datasets.Sources;
using PoseCluster.Datasets.Windows;

namespace PoseCluster.Datasets.Tests.Pipeline;

/// <summary>The pure parts of stage 2: windows from runs, the reuse rule, version ids, the shard layout, config hashes.</summary>
public sealed class PipelinePlanningTests
{
    [Fact]
    public void Windows_from_the_stored_runs_are_the_windows_of_the_validity_flags()
    {
        var random = new Random(5);
        for (var trial = 0; trial < 200; trial++)
        {
            var valid = Enumerable.Range(0, random.Next(0, 90)).Select(_ => random.NextDouble() > 0.1).ToArray();
            var (length, stride) = (random.Next(1, 20), random.Next(1, 20));
            Assert.Equal(WindowPlanner.Starts(valid, length, stride), WindowPlanner.StartsFromRuns(Stage1.ValidRuns(valid), length, stride));
        }
    }

    private static VersionDataset Dataset(string name, double width, double torso, long frames, string hash = "h") =>
        new(name, "mads", $"{hash}-{name}", width * frames, torso * frames, frames);

    [Fact]
    public void The_reuse_rule_keeps_the_parents_shards_only_strictly_within_the_tolerance_under_the_same_config()
    {
        VersionDataset[] parentSets = [Dataset("a", 360, 480, 1000)];
        var parentPlan = CorpusVersions.Plan(parentSets, "cfg", null, 1.0);
        var parent = new ParentCorpus(parentPlan.Version, "cfg", parentPlan.Ms, parentPlan.Msp, parentSets);
        // Adding b moves Ms by (370 − 360)·10/1010 ≈ 0.099 mm at each shoulder / 2 and Msp by ≈ 0.099 mm.
        VersionDataset[] grown = [.. parentSets, Dataset("b", 370, 490, 10)];

        var reuse = CorpusVersions.Plan(grown, "cfg", parent, 1.0);
        Assert.Equal((parent.Version, parent.Version), (reuse.Parent, reuse.ReusedVersion));
        Assert.Equal(["a"], reuse.ReusedDatasets);
        Assert.Equal((parent.Ms, parent.Msp), (reuse.Ms, reuse.Msp));
        Assert.Equal(Math.Max(Math.Abs(reuse.DerivedMs - parent.Ms) / 2, Math.Abs(reuse.DerivedMsp - parent.Msp)), reuse.MovedMm);

        var full = CorpusVersions.Plan(grown, "cfg", parent, 0);
        Assert.Null(full.ReusedVersion);
        Assert.Equal((full.DerivedMs, full.DerivedMsp), (full.Ms, full.Msp));
        Assert.Equal(CorpusVersions.Plan(grown, "cfg", null, 0).Version, full.Version);
        Assert.NotEqual(reuse.Version, full.Version);

        Assert.Null(CorpusVersions.Plan(grown, "cfg", parent, reuse.MovedMm).ReusedVersion);
        Assert.NotNull(CorpusVersions.Plan(grown, "cfg", parent, reuse.MovedMm * 1.0001).ReusedVersion);
        Assert.Null(CorpusVersions.Plan(grown, "other-config", parent, 1000).ReusedVersion);
        Assert.Null(CorpusVersions.Plan([Dataset("a", 360, 480, 1000, "changed"), grown[1]], "cfg", parent, 1000).ReusedVersion);

        var same = CorpusVersions.Plan(parentSets, "cfg", parent, 1.0);
        Assert.True(same.SameAsParent);
        Assert.Equal(parent.Version, same.Version);
    }

    [Fact]
    public void A_version_id_is_a_function_of_the_datasets_config_and_reused_version_only()
    {
        VersionDataset[] datasets = [Dataset("a", 360, 480, 10), Dataset("b", 350, 470, 20)];
        var id = CorpusVersions.Id("cfg", datasets, null);
        Assert.Matches("^v-[0-9a-f]{16}$", id);
        Assert.Equal(id, CorpusVersions.Id("cfg", [.. datasets.Reverse()], null));
        Assert.Equal(id, CorpusVersions.Id("cfg", [datasets[0], datasets[1] with { Frames = 99 }], null));
        Assert.NotEqual(id, CorpusVersions.Id("cfg2", datasets, null));
        Assert.NotEqual(id, CorpusVersions.Id("cfg", datasets, "v-1"));
        Assert.NotEqual(id, CorpusVersions.Id("cfg", [datasets[0], datasets[1] with { Name = "c" }], null));
    }

    [Fact]
    public void The_stage_1_config_hash_covers_exactly_the_settings_stage_1_depends_on()
    {
        var defaults = DatasetLoaderOptions.Default;
        var augmotion = new AugMotionOptions();
        var h36m = Stage1Config.For(DatasetKind.H36M, defaults, augmotion).Hash;
        Assert.Equal(h36m, Stage1Config.For(DatasetKind.H36M, defaults with { H36m = defaults.H36m with { CamerasFile = "other.json" } }, augmotion).Hash);
        Assert.Equal(h36m, Stage1Config.For(DatasetKind.H36M, defaults with { Mads = new MadsOptions { Fps = 30 } }, augmotion).Hash);
        Assert.NotEqual(h36m, Stage1Config.For(DatasetKind.H36M, defaults with { H36m = defaults.H36m with { Fps = 25 } }, augmotion).Hash);
        Assert.NotEqual(h36m, Stage1Config.For(DatasetKind.H36M, defaults with { H36m = defaults.H36m with { Keypoints2dCamera = 1 } }, augmotion).Hash);
        Assert.NotEqual(h36m, Stage1Config.For(DatasetKind.H36M, defaults, augmotion with { Seed = 1 }).Hash);
        Assert.NotEqual(h36m, Stage1Config.For(DatasetKind.Mads, defaults, augmotion).Hash);

        var corpus = CorpusConfig.For(defaults, augmotion, Stage2Options.Default).Hash;
        Assert.NotEqual(corpus, CorpusConfig.For(defaults, augmotion, Stage2Options.Default with { WindowLength = 8 }).Hash);
        Assert.NotEqual(corpus, CorpusConfig.For(defaults with { Mads = new MadsOptions { Fps = 30 } }, augmotion, Stage2Options.Default).Hash);
        Assert.NotEqual(corpus, CorpusConfig.For(defaults, augmotion, Stage2Options.Default with { Splits = new SubjectSplitter(new Dictionary<string, SubjectLists>(), 80, 10, 10) }).Hash);
        Assert.Equal(corpus, CorpusConfig.For(defaults, augmotion, Stage2Options.Default).Hash);
    }

    [Fact]
    public void The_layout_fills_shards_per_split_and_dataset_in_key_order_whatever_the_input_order()
    {
        var options = Stage2Options.Default with { WindowLength = 4, WindowStride = 4, ShardTargetBytes = 10 * ((4 * 85 * 4) + 128) };
        Assert.Equal(10, options.ClipsPerShard);
        var sequences = new List<(CorpusSequence, SequenceProjection)>();
        foreach (var dataset in new[] { "b", "a" })
        {
            foreach (var subject in new[] { "S2", "S1" })
            {
                for (var i = 0; i < 3; i++)
                {
                    var stage1 = Stage1Sequence.Rejected(i, subject, $"act{i}", "world", "x", "-") with { RejectReason = null, Frames = 28, ValidRuns = [0, 28] };
                    var sequence = new CorpusSequence(dataset, DatasetKind.Mads, new Stage1Location("c", "u" + dataset, "unit"), stage1);
                    sequences.Add((sequence, new SequenceProjection(new double[9], new double[3], 0, subject == "S1" ? "train" : "test", 7, null)));
                }
            }
        }

        var layout = ShardLayout.Plan("v-1", sequences, options);
        var shuffled = ShardLayout.Plan("v-1", sequences.OrderBy(_ => Guid.NewGuid()).ToList(), options);
        Assert.Equal(layout.Select(s => (s.Key, s.Dataset, s.Clips, string.Join(',', s.Items.Select(i => $"{i.Sequence.Key}{i.FirstWindow}+{i.Windows}")))),
            shuffled.Select(s => (s.Key, s.Dataset, s.Clips, string.Join(',', s.Items.Select(i => $"{i.Sequence.Key}{i.FirstWindow}+{i.Windows}")))));
        // Each split: dataset a (21 clips: 10, 10, 1) then b (10, 10, 1), numbered 0..5.
        Assert.Equal(
            ["corpora/v-1/test/shard-00000.arrow", "corpora/v-1/test/shard-00001.arrow", "corpora/v-1/test/shard-00002.arrow",
             "corpora/v-1/test/shard-00003.arrow", "corpora/v-1/test/shard-00004.arrow", "corpora/v-1/test/shard-00005.arrow"],
            layout.Where(s => s.Split == "test").Select(s => s.Key));
        Assert.Equal(["a", "a", "a", "b", "b", "b"], layout.Where(s => s.Split == "train").Select(s => s.Dataset));
        Assert.Equal([10L, 10, 1, 10, 10, 1], layout.Where(s => s.Split == "train").Select(s => s.Clips));
        var first = layout[0].Items;
        Assert.Equal(("act0", 0, 7), (first[0].Sequence.Stage1.Action, first[0].FirstWindow, first[0].Windows));
        Assert.Equal(("act1", 0, 3), (first[1].Sequence.Stage1.Action, first[1].FirstWindow, first[1].Windows));
        Assert.Equal(("act1", 3, 4), (layout[1].Items[0].Sequence.Stage1.Action, layout[1].Items[0].FirstWindow, layout[1].Items[0].Windows));

        var withoutA = ShardLayout.Plan("v-2", sequences, options, new HashSet<string> { "a" });
        Assert.All(withoutA, s => Assert.Equal("b", s.Dataset));
        Assert.Equal(0, withoutA.First(s => s.Split == "train").Number);
    }
}
