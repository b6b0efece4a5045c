using System.Text.Json;
using PoseCluster.Actors.Training;
using PoseCluster.Storage.Objects;
using PoseCluster.Storage.Registry;

namespace PoseCluster.Host.Tests.Cli;

/// <summary><c>train</c> on a fixture corpus harmonized in the test: steps, checkpoints, resume, val metrics, registry rows.</summary>
public sealed class TrainCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("posecluster-train-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Fixture(string name) => DatasetFixtures.Path(name);

    private string RegistryUrl => $"sqlite:{Path.Combine(_dir, "registry.db")}";

    /// <summary>Harmonizes the four dataset fixtures (together they have train and val subjects) into 4-frame clips (the tiny preset's T) and writes a tiny-model config.</summary>
    private async Task<(string Corpus, string Config)> CorpusAsync()
    {
        var objects = Path.Combine(_dir, "objects");
        var harmonized = await CliRunner.RunAsync(
            "harmonize", "--dataset", $"h36m={Fixture("h36m")}", "--dataset", $"mads={Fixture("mads")}",
            "--dataset", $"3dhp={Fixture("3dhp")}", "--dataset", $"aistpp={Fixture("aistpp")}", "--out", objects, "--registry", RegistryUrl, "--corpus-version", "v-train", "--window", "4", "--stride", "4");
        Assert.True(harmonized.ExitCode == 0, harmonized.Error);
        var config = Path.Combine(_dir, "train.conf");
        await File.WriteAllTextAsync(config,
            // reference.conf spells out the small preset's sizes, so the tiny ones are given explicitly.
            "posecluster.model { preset = tiny, frames = 4, depth = 2, window.t = 2, threads = 1 }\n" +
            "posecluster.heatpose.grid = 16\n" +
            "posecluster.training { batch-size = 4, prefetch = 1, checkpoint-every = 2, warmup-steps = 2 }\n");
        return (Path.Combine(objects, "corpora", "v-train"), config);
    }

    [Fact]
    public async Task Train_prints_finite_losses_and_val_metrics_writes_checkpoints_and_a_second_run_resumes()
    {
        var (corpus, config) = await CorpusAsync();
        var output = Path.Combine(_dir, "run");
        var first = await CliRunner.RunAsync("--config", config, "train", "--corpus", corpus, "--out", output, "--steps", "3", "--registry", RegistryUrl, "--json");
        Assert.True(first.ExitCode == 0, first.Error);
        var json = JsonDocument.Parse(first.Out).RootElement;
        Assert.Equal(3, json.GetProperty("steps").GetInt64());
        Assert.True(double.IsFinite(json.GetProperty("loss_first").GetDouble()) && json.GetProperty("loss_first").GetDouble() > 0);
        Assert.True(double.IsFinite(json.GetProperty("loss_last").GetDouble()));
        foreach (var metric in new[] { "mpjpe", "p_mpjpe", "n_mpjpe", "mpjve", "pck150", "auc" })
        {
            Assert.True(double.IsFinite(json.GetProperty("val").GetProperty(metric).GetDouble()), metric);
        }

        Assert.Equal("checkpoints/step-00000003.ckpt", json.GetProperty("checkpoint").GetString());
        var store = ObjectStores.Folder(output);
        Assert.True(await store.ExistsAsync("checkpoints/step-00000002.ckpt", CancellationToken.None));
        Assert.True(await store.ExistsAsync("checkpoints/step-00000003.ckpt", CancellationToken.None));

        var second = await CliRunner.RunAsync("--config", config, "train", "--corpus", corpus, "--out", output, "--steps", "5", "--registry", RegistryUrl, "--json");
        Assert.True(second.ExitCode == 0, second.Error);
        var resumed = JsonDocument.Parse(second.Out).RootElement;
        Assert.Equal(5, resumed.GetProperty("steps").GetInt64());
        Assert.Equal("checkpoints/step-00000005.ckpt", resumed.GetProperty("checkpoint").GetString());

        await using var registry = await ExperimentRegistry.OpenAsync(RegistryUrl, false, CancellationToken.None);
        var experiment = SingleProcessTrainer.ExperimentId(store.Location, "v-train");
        Assert.Equal("completed", (await registry.ExperimentAsync(experiment, CancellationToken.None))?.Status);
        Assert.Equal([2L, 3, 4, 5], (await registry.CheckpointsAsync(experiment, CancellationToken.None)).Select(c => c.Step));
        // Steps 1..3 from the first run, 4..5 from the resumed one: the second run continued, not restarted.
        Assert.Equal([1L, 2, 3, 4, 5], (await registry.MetricsAsync(experiment, "train/loss", CancellationToken.None)).Select(p => p.Step));
        var mpjpe = await registry.MetricsAsync(experiment, "val/mpjpe", CancellationToken.None);
        Assert.Equal([3L, 5], mpjpe.Select(p => p.Step));
        Assert.Equal(resumed.GetProperty("val").GetProperty("mpjpe").GetDouble(), mpjpe[1].Value, 6);
        Assert.Equal(2, (await registry.AttemptsAsync(experiment, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task A_corpus_without_a_manifest_is_bad_input_naming_it()
    {
        var missing = Path.Combine(_dir, "objects", "corpora", "nope");
        var result = await CliRunner.RunAsync("train", "--corpus", missing, "--out", Path.Combine(_dir, "run"), "--steps", "1", "--registry", RegistryUrl);
        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("corpora/nope/manifest.json", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("objects/corpora/v1/", "objects", "v1")]
    [InlineData("s3://bucket/prefix/corpora/v2", "s3://bucket/prefix", "v2")]
    [InlineData("corpora/v3", ".", "v3")]
    public void A_corpus_uri_splits_into_the_store_root_and_the_version(string uri, string root, string version) =>
        Assert.Equal((root, version), Host.Cli.TrainCommand.SplitCorpusUri(uri));

    [Fact]
    public async Task A_corpus_uri_that_is_not_a_corpus_version_folder_is_bad_input()
    {
        var result = await CliRunner.RunAsync("train", "--corpus", Path.Combine(_dir, "objects"), "--out", Path.Combine(_dir, "run"), "--steps", "1", "--registry", RegistryUrl);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("expected <objects>/corpora/<version>", result.Error, StringComparison.Ordinal);
    }
}
