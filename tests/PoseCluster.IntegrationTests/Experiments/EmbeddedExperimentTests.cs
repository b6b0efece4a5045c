using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using PoseCluster.Testing;
using Xunit.Abstractions;

namespace PoseCluster.IntegrationTests.Experiments;

/// <summary>
/// Experiments on the embedded node (a real node process, 2 trainer slots, a token): the endpoint's contract (401
/// without the token, 400 naming a bad field, cancel), in-process ranks training the same parameters as rank
/// processes, and the browser test of record: headless Chromium draws the finished experiment's dashboard.
/// </summary>
[Collection(nameof(Cluster.MultiProcessClusterTests))]
public sealed class EmbeddedExperimentTests(EmbeddedTrainerNode fixture, ITestOutputHelper output) : IClassFixture<EmbeddedTrainerNode>
{
    private const string Token = EmbeddedTrainerNode.Token;
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    private HttpClient Http => fixture.Node.Http;

    [Fact]
    public async Task Writes_need_the_token_a_bad_spec_is_refused_naming_its_field_and_cancel_stops_the_running_attempt()
    {
        var clock = Stopwatch.StartNew();
        var (unauthorized, _) = await ExperimentApi.PostAsync(Http, "api/experiments", "steps = 10\nmodel.preset = tiny", token: null);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized);
        var (wrongToken, _) = await ExperimentApi.PostAsync(Http, "api/experiments", "steps = 10\nmodel.preset = tiny", token: "guess");
        Assert.Equal(HttpStatusCode.Unauthorized, wrongToken);

        var (bad, error) = await ExperimentApi.PostAsync(Http, "api/experiments", """{"steps": 0, "model": {"preset": "tiny", "heatpose": {"grid": 10}}}""", Token);
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Contains("steps", error.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(["steps"], error.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        var (badModel, modelError) = await ExperimentApi.PostAsync(Http, "api/experiments", """{"steps": 5, "model": {"preset": "tiny", "heatpose": {"grid": 10}}}""", Token);
        Assert.Equal(HttpStatusCode.BadRequest, badModel);
        Assert.StartsWith("model.heatpose.grid: ", modelError.GetProperty("error").GetString(), StringComparison.Ordinal);

        var id = await ExperimentApi.SubmitAsync(Http, "name = long\nsteps = 1000000\nmodel.preset = tiny\nmin-ranks = 1\nmax-ranks = 2\ncheckpoint-every = 100000", Token);
        await ExperimentApi.AwaitAsync(Http, id, v => v.GetProperty("step").GetInt64() > 0, RunTimeout, "it trains", () => fixture.Diagnostics);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ExperimentApi.PostAsync(Http, $"api/experiments/{id}/cancel", null, token: null)).Status);

        var (cancelled, answer) = await ExperimentApi.PostAsync(Http, $"api/experiments/{id}/cancel", null, Token);
        Assert.Equal(HttpStatusCode.Accepted, cancelled);
        Assert.Equal("Cancelled", answer.GetProperty("status").GetString());
        var view = await ExperimentApi.AwaitAsync(Http, id, v => ExperimentApi.Attempts(v).All(a => a.EndReason is not null), RunTimeout, "its attempt ended", () => fixture.Diagnostics);
        Assert.Equal("Cancelled", ExperimentApi.Status(view));
        Assert.Equal([(2, 0L, "cancelled")], ExperimentApi.Attempts(view));
        await Eventually.AwaitAsync(async () =>
        {
            using var trainers = JsonDocument.Parse(await Http.GetStringAsync("api/trainers"));
            return trainers.RootElement.GetProperty("nodes").EnumerateArray().Sum(n => n.GetProperty("busy").GetInt32()) == 0;
        }, RunTimeout, "the cancelled attempt's slots are free again", () => fixture.Diagnostics);

        Assert.Equal(HttpStatusCode.Accepted, (await ExperimentApi.PostAsync(Http, $"api/experiments/{id}/cancel", null, Token)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await ExperimentApi.PostAsync(Http, "api/experiments/e-none/cancel", null, Token)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync("api/experiments/e-none")).StatusCode);
        var prometheus = await Http.GetStringAsync("metrics");
        Assert.Contains($"posecluster_experiment_step{{id=\"{id}\",name=\"long\",status=\"Cancelled\"}}", prometheus, StringComparison.Ordinal);
        Assert.Contains("posecluster_cluster_members{status=\"Up\"} 1", prometheus, StringComparison.Ordinal);
        Assert.Contains("posecluster_trainer_slots{node=", prometheus, StringComparison.Ordinal);
        output.WriteLine($"contract checked in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task In_process_ranks_train_the_parameters_of_rank_processes_and_the_browser_draws_the_finished_experiment()
    {
        var clock = Stopwatch.StartNew();
        var specFile = Path.Combine(fixture.Folder, "tiny-2-ranks.conf");
        await File.WriteAllTextAsync(specFile, "name = tiny-2-ranks\nsteps = 24\nmodel.preset = tiny\nmin-ranks = 2\nmax-ranks = 2\ncheckpoint-every = 12\neval-every = 12\neval-clips = 16\n");
        var (submitted, json, submitError) = await PoseClusterRun.RunAsync(fixture.Folder,
            ["submit", specFile, "--api", fixture.Node.Options.HttpUrl.ToString(), "--token", Token, "--follow", "--json"], RunTimeout);
        Assert.True(submitted == 0, $"submit exited {submitted}: {json} {submitError}\n{fixture.Diagnostics}");
        using var report = JsonDocument.Parse(json);
        var r = report.RootElement;
        Assert.Equal(["id", "status", "attempts", "steps", "loss_first", "loss_last", "val", "checkpoint"], r.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["mpjpe", "p_mpjpe", "n_mpjpe", "mpjve", "pck150", "auc"], r.GetProperty("val").EnumerateObject().Select(p => p.Name));
        Assert.Equal(("Succeeded", 1, 24), (r.GetProperty("status").GetString(), r.GetProperty("attempts").GetInt32(), r.GetProperty("steps").GetInt32()));
        Assert.True(r.GetProperty("loss_last").GetDouble() < r.GetProperty("loss_first").GetDouble(), json);
        var id = r.GetProperty("id").GetString()!;
        Assert.Equal($"experiments/{id}/checkpoints/step-00000024.ckpt", r.GetProperty("checkpoint").GetString());
        var (statusCode, statusJson, _) = await PoseClusterRun.RunAsync(fixture.Folder, ["status", id, "--api", fixture.Node.Options.HttpUrl.ToString(), "--json"], RunTimeout);
        Assert.Equal((0, json.Trim()), (statusCode, statusJson.Trim()));
        var view = await ExperimentApi.DetailAsync(Http, id);
        Assert.Equal([(2, 0L, "completed")], ExperimentApi.Attempts(view));
        Assert.Equal([fixture.Node.Address, fixture.Node.Address], view.GetProperty("attempts")[0].GetProperty("nodes").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal(24, view.GetProperty("step").GetInt64());
        Assert.True(view.GetProperty("val").GetProperty("mpjpe").GetDouble() > 0);
        output.WriteLine($"submit --follow --json: 2 in-process ranks trained 24 steps in {clock.Elapsed.TotalSeconds:0.0} s: {json.Trim()}");

        // The same run as two rank processes (posecluster train through a rendezvous folder, recording into the node's
        // registry, which has the corpus version): the same checkpoint bytes.
        var work = Directory.CreateTempSubdirectory("posecluster-it-ranks-").FullName;
        try
        {
            var config = Path.Combine(work, "run.conf");
            await File.WriteAllTextAsync(config, "posecluster.model.preset = tiny\nposecluster.training { total-steps = 24, checkpoint-every = 12, eval-max-clips = 16, eval-every = 12 }\n");
            var corpus = Path.Combine(fixture.Folder, ".posecluster", "objects", "corpora", fixture.Corpus);
            var ranks = Enumerable.Range(0, 2).Select(rank => PoseClusterRun.RunAsync(work,
                ["train", "--corpus", corpus, "--out", Path.Combine(work, "out"), "--steps", "24", "--registry", "sqlite:" + Path.Combine(fixture.Folder, ".posecluster", "registry.db"),
                 "--rank", rank.ToString(System.Globalization.CultureInfo.InvariantCulture), "--world-size", "2", "--rendezvous", Path.Combine(work, "rendezvous"), "--config", config],
                RunTimeout)).ToList();
            foreach (var (code, _, error) in await Task.WhenAll(ranks))
            {
                Assert.True(code == 0, $"train exited {code}: {error}");
            }

            var processes = Convert.ToHexStringLower(await SHA256.HashDataAsync(File.OpenRead(Path.Combine(work, "out", "checkpoints", "step-00000024.ckpt"))));
            Assert.Equal(processes, ExperimentApi.FinalCheckpointSha(view));
            output.WriteLine($"rank processes reproduced the checkpoint {processes[..12]} after {clock.Elapsed.TotalSeconds:0.0} s");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }

        var screenshot = Path.Combine(RepositoryRoot.Find(), "TestResults", "browser-check", $"dashboard-{id}.png");
        var (exit, line) = await BrowserCheckAsync(fixture.Node.Options.HttpUrl, id, screenshot);
        output.WriteLine(line);
        output.WriteLine($"screenshot kept at {screenshot}");
        Assert.True(exit == 0, $"check.mjs exited {exit}: {line}\n{fixture.Diagnostics}");
        Assert.StartsWith($"ok: experiment {id}: loss curve 24 points", line, StringComparison.Ordinal);
        Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot is there");
    }

    /// <summary>tools/browser-check/check.mjs (playwright-core + Debian's /usr/bin/chromium) against the node: its exit code and its one line.</summary>
    private static async Task<(int Exit, string Line)> BrowserCheckAsync(Uri url, string experiment, string screenshot)
    {
        await NodeScript.EnsureInstalledAsync("browser-check");
        var start = new ProcessStartInfo("node") { WorkingDirectory = NodeScript.Tool("browser-check"), RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "check.mjs", "--url", url.ToString(), "--experiment", experiment, "--screenshot", screenshot, "--timeout", "90" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start node");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(limit.Token);
        return (process.ExitCode, ((await stdout).Trim() + " " + (await stderr).Trim()).Trim());
    }
}
