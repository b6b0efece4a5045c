using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PoseCluster.Actors.Training;
using PoseCluster.Storage.Shards;

namespace PoseCluster.Host.Cli;

/// <summary>
/// <c>posecluster train --corpus URI --out URI [--config F] [--steps N] [--registry URL] [--json]</c>:
/// trains SoloPose in this process. <c>--corpus</c> is the folder or s3:// prefix of one corpus version,
/// <c>&lt;objects&gt;/corpora/&lt;version&gt;</c> as <c>harmonize</c> writes it (it holds manifest.json);
/// <c>--out</c> is a folder or s3://bucket/prefix that receives checkpoints/step-NNNNNNNN.ckpt every
/// posecluster.training.checkpoint-every steps and at the end. A run into an output that already holds
/// checkpoints resumes from the newest one; <c>--steps</c> is the total step count to reach (default
/// posecluster.model's total-steps). Prints steps, loss_first, loss_last, val metrics and the checkpoint key.
/// </summary>
internal static class TrainCommand
{
    public static Command Create(CliContext context, GlobalOptions options)
    {
        var corpus = new Option<string>("--corpus") { Description = "The corpus version: <objects>/corpora/<version> (a folder or s3://bucket/prefix/corpora/<version>)", Required = true };
        var output = new Option<string>("--out") { Description = "Where checkpoints go: a folder or s3://bucket/prefix", Required = true };
        var steps = new Option<long?>("--steps") { Description = "Total optimizer steps to reach (default posecluster.training.total-steps)" };
        var registryOption = new Option<string?>("--registry") { Description = "Registry URL (default posecluster.registry.url)" };
        var json = GlobalOptions.Json();
        var command = new Command("train", "Train SoloPose on a corpus in this process, with checkpoints, resume and val metrics");
        foreach (var option in new Option[] { corpus, output, steps, registryOption, json })
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

            var corpusUri = parse.GetValue(corpus)!;
            var (root, version) = SplitCorpusUri(corpusUri);
            var corpusStore = StorageSettings.ObjectStore(root, config);
            var manifestKey = CorpusManifest.KeyFor(version);
            if (!await corpusStore.ExistsAsync(manifestKey, cancellationToken).ConfigureAwait(false))
            {
                throw new BadInputException($"--corpus {corpusUri}: no corpus manifest {manifestKey} in {corpusStore.Location}");
            }

            var run = new TrainingRun(
                corpusStore, version, StorageSettings.ObjectStore(parse.GetValue(output)!, config),
                StorageSettings.RegistryUrl(config, parse.GetValue(registryOption)), target, settings);
            var result = await SingleProcessTrainer.RunAsync(run, cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                await context.Out.WriteLineAsync(ToJson(result)).ConfigureAwait(false);
            }
            else
            {
                var val = result.Val is { } v ? string.Create(CultureInfo.InvariantCulture, $"val MPJPE {v.MpjpeMm:F1} mm, P-MPJPE {v.PMpjpeMm:F1} mm") : "no val clips";
                await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"trained to step {result.Steps} (from {result.ResumedFromStep}); loss {result.LossFirst:G4} -> {result.LossLast:G4}; {val}; checkpoint {result.Checkpoint}")).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The JSON the issue specifies: steps, loss_first, loss_last, val {mpjpe, p_mpjpe, ...}, checkpoint.</summary>
    internal static string ToJson(TrainingResult result)
    {
        var v = result.Val;
        var json = new JsonObject
        {
            ["steps"] = result.Steps,
            ["loss_first"] = result.LossFirst,
            ["loss_last"] = result.LossLast,
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

    /// <summary>Splits <c>&lt;root&gt;/corpora/&lt;version&gt;</c> into the store root and the version.</summary>
    internal static (string Root, string Version) SplitCorpusUri(string uri)
    {
        var trimmed = uri.TrimEnd('/', Path.DirectorySeparatorChar);
        var last = trimmed.LastIndexOf('/');
        var parent = last <= 0 ? -1 : trimmed.LastIndexOf('/', last - 1);
        var folder = last < 0 ? "" : trimmed[(parent + 1)..last];
        if (last <= 0 || folder != "corpora" || last == trimmed.Length - 1)
        {
            throw new BadInputException($"--corpus {uri}: expected <objects>/corpora/<version>, the folder harmonize wrote the corpus version into");
        }

        var root = parent < 0 ? "." : trimmed[..parent];
        return (root.Length == 0 ? "/" : root, trimmed[(last + 1)..]);
    }
}
