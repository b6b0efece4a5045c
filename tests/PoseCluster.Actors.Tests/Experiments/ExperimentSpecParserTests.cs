using PoseCluster.Actors.Experiments;
using PoseCluster.Actors.Training;
using PoseCluster.Configuration;
using PoseCluster.Testing;

namespace PoseCluster.Actors.Tests.Experiments;

/// <summary>Experiment specs: HOCON or JSON, every bad field named by its path, the node's defaults frozen into the spec.</summary>
public sealed class ExperimentSpecParserTests
{
    private static readonly Config Node = new ConfigBuilder(_ => null).AddFile(RepositoryRoot.ReferenceConf()).Build();

    private static ExperimentSpec Valid(string text)
    {
        var parsed = ExperimentSpecParser.Parse(text, Node);
        Assert.True(parsed.Spec is not null, string.Join("; ", parsed.Errors.Select(e => $"{e.Key}: {e.Value}")));
        return parsed.Spec;
    }

    private static IReadOnlyDictionary<string, string> Errors(string text)
    {
        var parsed = ExperimentSpecParser.Parse(text, Node);
        Assert.Null(parsed.Spec);
        return parsed.Errors;
    }

    [Fact]
    public void A_hocon_spec_and_the_same_spec_in_snake_case_json_give_the_same_frozen_settings()
    {
        var hocon = Valid("""
            name = tiny-run
            corpus = v-1234
            steps = 200
            batch-size = 2
            seed = 7
            min-ranks = 1
            max-ranks = 2
            checkpoint-every = 50
            max-restarts = 1
            eval-clips = 16
            model { preset = tiny, heatpose.grid = 8 }
            training.lr = 0.002
            """);
        var json = Valid("""
            {"name": "tiny-run", "corpus": "v-1234", "steps": 200, "batch_size": 2, "seed": 7, "min_ranks": 1, "max_ranks": 2,
             "checkpoint_every": 50, "max_restarts": 1, "eval_clips": 16, "model": {"preset": "tiny", "heatpose": {"grid": 8}}, "training": {"lr": 0.002}}
            """);

        Assert.Equal(hocon with { Source = "" }, json with { Source = "" });
        Assert.Equal(("tiny-run", "v-1234", 200L, 1, 2, 1), (hocon.Name, hocon.Corpus, hocon.Steps, hocon.MinRanks, hocon.MaxRanks, hocon.MaxRestarts));
        var settings = TrainingSettings.FromConfig(new ConfigBuilder(_ => null).AddText(hocon.Settings).Build());
        Assert.Equal((4, 8, 7L, 2, 50, 16, 200), (settings.Model.Frames, settings.Model.Grid, settings.Model.Seed, settings.Loader.BatchSize, settings.CheckpointEvery, settings.EvalMaxClips, settings.Model.TotalSteps));
        Assert.Equal(0.002f, settings.Model.LearningRate);
    }

    [Fact]
    public void The_frozen_settings_win_over_a_node_with_other_defaults_except_node_local_ones()
    {
        var spec = Valid("steps = 10\nmodel.preset = tiny");
        var otherNode = new ConfigBuilder(_ => null).AddFile(RepositoryRoot.ReferenceConf())
            .AddText("posecluster.model { preset = base, threads = 2 }\nposecluster.training { batch-size = 16, collective-timeout = 5s }").Build();

        var settings = TrainingSettings.FromConfig(new ConfigBuilder(_ => null)
            .AddText("posecluster " + otherNode.GetConfig("posecluster").ToHocon()).AddText(spec.Settings).Build());

        var tiny = Models.ModelOptions.Preset("tiny");
        Assert.Equal((tiny.Frames, tiny.EmbedDim, tiny.Depth, tiny.Grid, tiny.HeadChannels), (settings.Model.Frames, settings.Model.EmbedDim, settings.Model.Depth, settings.Model.Grid, settings.Model.HeadChannels));
        Assert.Equal((4, 10), (settings.Loader.BatchSize, settings.Model.TotalSteps));
        Assert.Equal((2, TimeSpan.FromSeconds(5)), (settings.Threads, settings.CollectiveTimeout));
    }

    [Fact]
    public void Defaults_fill_what_a_spec_leaves_out()
    {
        var spec = Valid("{\"steps\": 5}");

        Assert.Equal(("experiment", ExperimentSpec.LatestCorpus, 1, 1, 3), (spec.Name, spec.Corpus, spec.MinRanks, spec.MaxRanks, spec.MaxRestarts));
        Assert.Equal("{\"steps\":5}", spec.Source);
    }

    [Fact]
    public void Every_bad_field_is_named_by_its_path()
    {
        var errors = Errors("""
            {"steps": -5, "min_ranks": 3, "max-ranks": 2, "max-restarts": "many", "corpus": "../etc", "colour": "red",
             "model": {"preset": "tiny", "depthx": 3, "window": 4}, "training": {"momentum": 0.9}}
            """);

        Assert.Equal(["colour", "corpus", "max-ranks", "max-restarts", "model.depthx", "model.window", "steps", "training.momentum"], errors.Keys);
        Assert.Contains("must be 1 to", errors["steps"], StringComparison.Ordinal);
        Assert.Contains("at least min-ranks (3)", errors["max-ranks"], StringComparison.Ordinal);
        Assert.Contains("unknown field", errors["colour"], StringComparison.Ordinal);
        Assert.Equal("must be an object", errors["model.window"]);
    }

    [Theory]
    [InlineData("steps = 10\nmodel.preset = huge", "model.preset")]
    [InlineData("steps = 10\nmodel.head = gaussian", "model.head")]
    [InlineData("steps = 10\nmodel { preset = tiny, heatpose.grid = 10 }", "model.heatpose.grid")]
    [InlineData("steps = 10\nmodel { preset = tiny, embed-dim = 30 }", "model.embed-dim")]
    [InlineData("steps = 10\ntraining.lr = -1", "training.lr")]
    [InlineData("steps = 10\nmodel { preset = tiny, depth = deep }", "model.depth")]
    [InlineData("steps = 10\nbatch-size = 0", "batch-size")]
    [InlineData("model.preset = tiny", "steps")]
    public void A_value_the_model_refuses_is_named_by_its_spec_path(string text, string path)
    {
        var errors = Errors(text);

        Assert.Equal([path], errors.Keys);
    }

    [Fact]
    public void Text_that_is_not_hocon_is_an_error_at_its_line()
    {
        var errors = Errors("steps = 10\nmodel {\n  preset = tiny\n");

        Assert.Equal(["spec"], errors.Keys);
        Assert.StartsWith("line ", errors["spec"], StringComparison.Ordinal);
    }

    [Fact]
    public void A_spec_can_neither_include_files_nor_read_the_server_environment()
    {
        Assert.Contains("include is not allowed", Errors("steps = 10\ninclude \"/etc/passwd\"")["spec"], StringComparison.Ordinal);
        Environment.SetEnvironmentVariable("POSECLUSTER_SPEC_TEST_SECRET", "hunter2");
        try
        {
            var spec = Valid("steps = 10\nname = ${?POSECLUSTER_SPEC_TEST_SECRET}");
            Assert.Equal("experiment", spec.Name);
        }
        finally
        {
            Environment.SetEnvironmentVariable("POSECLUSTER_SPEC_TEST_SECRET", null);
        }
    }
}
