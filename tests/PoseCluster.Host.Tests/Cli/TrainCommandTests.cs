using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
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
            "posecluster.model { preset = tiny, threads = 1 }\n" +
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
        var experiment = CorpusTrainer.ExperimentId(store.Location, "v-train");
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
    public void A_corpus_version_uri_splits_into_the_store_root_and_the_version(string uri, string root, string version) =>
        Assert.Equal((root, version), Host.Cli.TrainCommand.TrySplitCorpusUri(uri));

    [Fact]
    public async Task The_objects_root_harmonize_wrote_trains_on_its_newest_corpus_version_and_says_which()
    {
        var (corpus, config) = await CorpusAsync();
        var objects = Path.GetDirectoryName(Path.GetDirectoryName(corpus))!;
        // An older second version: same shards, a manifest written earlier.
        var older = Path.Combine(objects, "corpora", "v-older");
        Directory.CreateDirectory(older);
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(corpus, "manifest.json")))!;
        manifest["version"] = "v-older";
        await File.WriteAllTextAsync(Path.Combine(older, "manifest.json"), manifest.ToJsonString());
        File.SetLastWriteTimeUtc(Path.Combine(older, "manifest.json"), DateTime.UtcNow.AddDays(-1));

        var result = await CliRunner.RunAsync("--config", config, "train", "--corpus", objects, "--out", Path.Combine(_dir, "run"), "--steps", "1", "--registry", RegistryUrl);
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("corpus: version v-train, the newest of 2", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_objects_root_without_a_corpus_version_is_bad_input()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "empty"));
        var result = await CliRunner.RunAsync("train", "--corpus", Path.Combine(_dir, "empty"), "--out", Path.Combine(_dir, "run"), "--steps", "1", "--registry", RegistryUrl);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no corpus version", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corpus_without_val_clips_is_evaluated_on_its_test_split_with_a_note()
    {
        var (corpus, config) = await CorpusAsync();
        var manifestPath = Path.Combine(corpus, "manifest.json");
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(manifestPath))!;
        var shards = manifest["shards"]!.AsArray();
        foreach (var val in shards.Where(s => (string?)s!["split"] == "val").ToList())
        {
            shards.Remove(val);
        }

        Assert.Contains(shards, s => (string?)s!["split"] == "test");
        await File.WriteAllTextAsync(manifestPath, manifest.ToJsonString());
        var json = await CliRunner.RunAsync("--config", config, "train", "--corpus", corpus, "--out", Path.Combine(_dir, "run"), "--steps", "1", "--registry", RegistryUrl, "--json");
        Assert.True(json.ExitCode == 0, json.Error);
        Assert.Equal("test", JsonDocument.Parse(json.Out).RootElement.GetProperty("eval_split").GetString());
        var text = await CliRunner.RunAsync("--config", config, "train", "--corpus", corpus, "--out", Path.Combine(_dir, "run"), "--steps", "2", "--registry", RegistryUrl);
        Assert.True(text.ExitCode == 0, text.Error);
        Assert.Contains("no val clips: evaluated on the test split", text.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_run_keeps_the_losses_it_logged()
    {
        var (corpus, config) = await CorpusAsync();
        var settings = TrainingSettings.FromConfig(new PoseCluster.Configuration.ConfigBuilder(_ => null).AddFile(PoseCluster.Testing.RepositoryRoot.ReferenceConf()).AddFile(config).Build());
        using var cancel = new CancellationTokenSource();
        var output = ObjectStores.Folder(Path.Combine(_dir, "cancelled"));
        var run = new TrainingRun(
            ObjectStores.Folder(Path.GetDirectoryName(Path.GetDirectoryName(corpus))!), "v-train", output, RegistryUrl, 100, settings,
            Progress: new CancelAt(3, cancel));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CorpusTrainer.RunAsync(run, cancel.Token));

        await using var registry = await ExperimentRegistry.OpenAsync(RegistryUrl, false, CancellationToken.None);
        var experiment = CorpusTrainer.ExperimentId(output.Location, "v-train");
        var losses = await registry.MetricsAsync(experiment, "train/loss", CancellationToken.None);
        Assert.True(losses.Count >= 3, $"{losses.Count} losses kept");
        Assert.Equal(Enumerable.Range(1, losses.Count).Select(i => (long)i), losses.Select(p => p.Step));
        Assert.Equal("cancelled", (await registry.AttemptsAsync(experiment, CancellationToken.None)).Single().ReasonEnded);
    }

    [Fact]
    public async Task Training_resumed_from_a_checkpoint_ends_bit_identical_to_an_uninterrupted_run()
    {
        var (corpus, config) = await CorpusAsync();
        var straight = Path.Combine(_dir, "straight");
        var resumed = Path.Combine(_dir, "resumed");
        foreach (var (output, steps) in new[] { (straight, "4"), (resumed, "2"), (resumed, "4") })
        {
            var run = await CliRunner.RunAsync("--config", config, "train", "--corpus", corpus, "--out", output, "--steps", steps, "--registry", RegistryUrl, "--json");
            Assert.True(run.ExitCode == 0, run.Error);
        }

        var expected = await File.ReadAllBytesAsync(Path.Combine(straight, "checkpoints", "step-00000004.ckpt"));
        var actual = await File.ReadAllBytesAsync(Path.Combine(resumed, "checkpoints", "step-00000004.ckpt"));
        Assert.True(expected.AsSpan().SequenceEqual(actual), "the resumed run's step-4 checkpoint differs from the uninterrupted run's");
    }

    [Fact]
    public async Task Two_rank_processes_train_data_parallel_and_rank_0_checkpoints_and_evaluates()
    {
        var (corpus, config) = await CorpusAsync();
        var rendezvous = Path.Combine(_dir, "rendezvous");
        var output = Path.Combine(_dir, "dp");
        var ranks = Enumerable.Range(0, 2).Select(rank => Start(
            "--config", config, "train", "--corpus", corpus, "--out", output, "--steps", "3", "--registry", RegistryUrl, "--json",
            "--rank", rank.ToString(System.Globalization.CultureInfo.InvariantCulture), "--world-size", "2", "--rendezvous", rendezvous)).ToList();
        var results = await Task.WhenAll(ranks.Select(FinishAsync));
        foreach (var (code, _, error) in results)
        {
            Assert.True(code == 0, error);
        }

        var zero = JsonDocument.Parse(results[0].Out).RootElement;
        var one = JsonDocument.Parse(results[1].Out).RootElement;
        Assert.Equal(2, zero.GetProperty("world_size").GetInt32());
        Assert.Equal("checkpoints/step-00000003.ckpt", zero.GetProperty("checkpoint").GetString());
        Assert.Equal(JsonValueKind.Object, zero.GetProperty("val").ValueKind);
        Assert.Equal(JsonValueKind.Null, one.GetProperty("checkpoint").ValueKind);
        // The logged loss is the mean over ranks: the same number on both.
        Assert.Equal(zero.GetProperty("loss_last").GetDouble(), one.GetProperty("loss_last").GetDouble());
    }

    private static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "posecluster.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }

    private static async Task<(int Code, string Out, string Error)> FinishAsync(Process process)
    {
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await output, await error);
        }
    }

    private sealed class CancelAt(long step, CancellationTokenSource cancel) : IProgress<Models.Training.StepMetrics>
    {
        public void Report(Models.Training.StepMetrics value)
        {
            if (value.Step == step)
            {
                cancel.Cancel();
            }
        }
    }
}
