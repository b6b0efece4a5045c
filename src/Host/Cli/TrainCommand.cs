using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PoseCluster.Actors.Training;
using PoseCluster.Models;
using PoseCluster.Models.Distributed;
using PoseCluster.Models.Training;
using PoseCluster.Storage.Objects;
using PoseCluster.Storage.Shards;

namespace PoseCluster.Host.Cli;

/// <summary>
/// <c>posecluster train --corpus URI --out URI [--config F] [--steps N] [--registry URL] [--json]</c>: trains
/// SoloPose in this process. <c>--corpus</c> is what <c>harmonize --out</c> names (the objects root: the newest
/// corpus version there is used, and the command says which) or one version's folder,
/// <c>&lt;objects&gt;/corpora/&lt;version&gt;</c>. <c>--out</c> (a folder or s3://bucket/prefix) receives
/// checkpoints/step-NNNNNNNN.ckpt every posecluster.training.checkpoint-every steps and at the end; a run into
/// an output that holds checkpoints resumes from the newest. <c>--steps</c> is the total to reach.
/// Hidden, for data-parallel runs without the cluster (tests, benchmarks): <c>--rank R --world-size N
/// --rendezvous FOLDER [--host ADDRESS]</c> starts one rank; the N processes meet through a
/// <see cref="FileRendezvousStore"/> in FOLDER (fresh per run), rank 0 checkpoints, evaluates and records.
/// </summary>
internal static class TrainCommand
{
    public static Command Create(CliContext context, GlobalOptions options)
    {
        var corpus = new Option<string>("--corpus") { Description = "The objects root harmonize wrote (newest corpus version) or <objects>/corpora/<version>", Required = true };
        var output = new Option<string>("--out") { Description = "Where checkpoints go: a folder or s3://bucket/prefix", Required = true };
        var steps = new Option<long?>("--steps") { Description = "Total optimizer steps to reach (default posecluster.training.total-steps)" };
        var registryOption = new Option<string?>("--registry") { Description = "Registry URL (default posecluster.registry.url)" };
        var rank = new Option<int>("--rank") { Description = "This process's rank (data-parallel runs)", Hidden = true, DefaultValueFactory = _ => 0 };
        var worldSize = new Option<int>("--world-size") { Description = "Ranks of a data-parallel run", Hidden = true, DefaultValueFactory = _ => 1 };
        var rendezvous = new Option<string?>("--rendezvous") { Description = "Folder the ranks rendezvous through (fresh per run)", Hidden = true };
        var host = new Option<string>("--host") { Description = "Address the other ranks reach this one at", Hidden = true, DefaultValueFactory = _ => "127.0.0.1" };
        var json = GlobalOptions.Json();
        var command = new Command("train", "Train SoloPose on a corpus in this process, with checkpoints, resume and val metrics");
        foreach (var option in new Option[] { corpus, output, steps, registryOption, rank, worldSize, rendezvous, host, json })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var config = EffectiveConfig.Load(parse.GetValue(options.Config)?.FullName, context);
            var settings = TrainingSettings.FromConfig(config);
            var target = parse.GetValue(steps) ?? settings.Model.TotalSteps;
            if (target < 1)
            {
                throw new BadInputException($"--steps must be at least 1 (got {target})");
            }

            var asJson = parse.GetValue(json);
            var (corpusStore, version, note) = await LocateCorpusAsync(parse.GetValue(corpus)!, config, cancellationToken).ConfigureAwait(false);
            if (note is not null && !asJson)
            {
                await context.Out.WriteLineAsync(note).ConfigureAwait(false);
            }

            using var group = await JoinAsync(parse.GetValue(rank), parse.GetValue(worldSize), parse.GetValue(rendezvous), parse.GetValue(host)!, settings.CollectiveTimeout, cancellationToken).ConfigureAwait(false);
            var progress = asJson ? null : new StepPrinter(context.Out, target);
            var run = new TrainingRun(
                corpusStore, version, StorageSettings.ObjectStore(parse.GetValue(output)!, config),
                StorageSettings.RegistryUrl(config, parse.GetValue(registryOption)), target, settings, group, progress);
            TrainingResult result;
            try
            {
                result = await CorpusTrainer.RunAsync(run, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is ModelOptionsException or CheckpointException)
            {
                throw new BadInputException(e.Message);
            }

            if (asJson)
            {
                await context.Out.WriteLineAsync(ToJson(result, version)).ConfigureAwait(false);
            }
            else
            {
                await context.Out.WriteLineAsync(Summary(result)).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The JSON the issue specifies: steps, loss_first, loss_last, val {mpjpe, p_mpjpe, ...}, checkpoint; plus the corpus version, the evaluated split and its clip count.</summary>
    internal static string ToJson(TrainingResult result, string corpusVersion)
    {
        var v = result.Val;
        var json = new JsonObject
        {
            ["corpus"] = corpusVersion,
            ["steps"] = result.Steps,
            ["world_size"] = result.WorldSize,
            ["loss_first"] = result.LossFirst,
            ["loss_last"] = result.LossLast,
            ["eval_split"] = result.EvalSplit,
            ["eval_clips"] = result.EvalClips,
            ["val"] = v is null ? null : new JsonObject
            {
                ["mpjpe"] = v.MpjpeMm,
                ["p_mpjpe"] = v.PMpjpeMm,
                ["n_mpjpe"] = v.NMpjpeMm,
                ["mpjve"] = v.MpjveMmPerFrame,
                ["pck150"] = v.Pck150Percent,
                ["auc"] = v.AucPercent,
            },
            ["checkpoint"] = result.Checkpoint,
        };
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    /// <summary>
    /// The store root and corpus version of <c>--corpus</c>, and a note when the version was chosen: the
    /// newest complete version (manifest.json) under an objects root — by the manifest's write time for a
    /// folder; an s3:// root with several versions must name one.
    /// </summary>
    internal static async Task<(IObjectStore Store, string Version, string? Note)> LocateCorpusAsync(string uri, Configuration.Config config, CancellationToken cancellationToken)
    {
        if (TrySplitCorpusUri(uri) is { } explicitVersion)
        {
            var store = StorageSettings.ObjectStore(explicitVersion.Root, config);
            var key = CorpusManifest.KeyFor(explicitVersion.Version);
            if (!await store.ExistsAsync(key, cancellationToken).ConfigureAwait(false))
            {
                throw new BadInputException($"--corpus {uri}: no corpus manifest {key} in {store.Location}");
            }

            return (store, explicitVersion.Version, null);
        }

        var root = StorageSettings.ObjectStore(uri, config);
        var versions = new List<string>();
        await foreach (var info in root.ListAsync("corpora/", cancellationToken).ConfigureAwait(false))
        {
            var parts = info.Key.Split('/');
            if (parts.Length == 3 && parts[2] == "manifest.json")
            {
                versions.Add(parts[1]);
            }
        }

        if (versions.Count == 0)
        {
            throw new BadInputException($"--corpus {uri}: no corpus version (corpora/<version>/manifest.json) in {root.Location}; expected the objects root harmonize --out wrote, or <objects>/corpora/<version>");
        }

        string newest;
        if (versions.Count == 1)
        {
            newest = versions[0];
        }
        else if (Directory.Exists(Path.Combine(root.Location, "corpora")))
        {
            newest = versions.OrderBy(v => File.GetLastWriteTimeUtc(Path.Combine(root.Location, "corpora", v, "manifest.json"))).ThenBy(v => v, StringComparer.Ordinal).Last();
        }
        else
        {
            throw new BadInputException($"--corpus {uri}: {versions.Count} corpus versions ({string.Join(", ", versions)}); name one: {uri.TrimEnd('/')}/corpora/<version>");
        }

        return (root, newest, $"corpus: version {newest}, the newest of {versions.Count} in {root.Location}");
    }

    /// <summary>Splits <c>&lt;root&gt;/corpora/&lt;version&gt;</c> into the store root and the version; null when the URI is not of that form.</summary>
    internal static (string Root, string Version)? TrySplitCorpusUri(string uri)
    {
        var trimmed = uri.TrimEnd('/', Path.DirectorySeparatorChar);
        var last = trimmed.LastIndexOf('/');
        var parent = last <= 0 ? -1 : trimmed.LastIndexOf('/', last - 1);
        var folder = last < 0 ? "" : trimmed[(parent + 1)..last];
        if (last <= 0 || folder != "corpora" || last == trimmed.Length - 1)
        {
            return null;
        }

        var root = parent < 0 ? "." : trimmed[..parent];
        return (root.Length == 0 ? "/" : root, trimmed[(last + 1)..]);
    }

    private static async Task<ProcessGroup?> JoinAsync(int rank, int worldSize, string? rendezvous, string host, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (worldSize < 1 || rank < 0 || rank >= worldSize)
        {
            throw new BadInputException($"--rank {rank} must be in 0..{worldSize - 1} (--world-size {worldSize})");
        }

        if (worldSize == 1)
        {
            return null;
        }

        if (string.IsNullOrEmpty(rendezvous))
        {
            throw new BadInputException("--world-size > 1 needs --rendezvous FOLDER (the same fresh folder for every rank)");
        }

        return await ProcessGroup.CreateAsync(rank, worldSize, new FileRendezvousStore(rendezvous), host, timeout, cancellationToken).ConfigureAwait(false);
    }

    private static string Summary(TrainingResult result)
    {
        var evaluation = result.Val is { } v
            ? string.Create(CultureInfo.InvariantCulture, $"{result.EvalSplit} ({result.EvalClips} clips) MPJPE {v.MpjpeMm:F1} mm, P-MPJPE {v.PMpjpeMm:F1} mm")
            : result.Checkpoint is null ? "evaluated on rank 0" : "no val or test clips to evaluate";
        var note = result.EvalSplit == "test" ? " (the corpus has no val clips: evaluated on the test split)" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"trained to step {result.Steps} (from {result.ResumedFromStep}, {result.WorldSize} rank(s)); loss {result.LossFirst:G4} -> {result.LossLast:G4}; {evaluation}{note}; checkpoint {result.Checkpoint ?? "(rank 0)"}");
    }

    /// <summary>Prints about ten progress lines per run.</summary>
    private sealed class StepPrinter(TextWriter output, long target) : IProgress<StepMetrics>
    {
        private readonly long every = Math.Max(1, target / 10);

        public void Report(StepMetrics value)
        {
            if (value.Step % every == 0 || value.Step == target)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"step {value.Step}/{target}  loss {value.Loss:G5}  lr {value.LearningRate:G3}  {value.ClipsPerSecond:F1} clips/s  all-reduce {value.AllReduceMilliseconds:F1} ms"));
            }
        }
    }
}
