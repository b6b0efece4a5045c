using System.CommandLine;
using PoseCluster.Datasets;
using PoseCluster.Datasets.Ingestion;
using PoseCluster.Datasets.Sources;

namespace PoseCluster.Host.Cli;

/// <summary>
/// <c>posecluster harmonize --dataset KIND=DIR [--dataset KIND=DIR ...] --out URI [--format arrow|npy]
/// [--window T] [--stride S] [--seed N] [--registry URL] [--corpus-version V] [--parent V|latest] [--json]</c>:
/// AugMotion over the given datasets, in one process, through the same stage functions as the cluster
/// (docs/AUGMOTION.md). Stage-1 results are cached in the object store URI names (stage1/...), so a
/// rerun computes only new or changed units. <c>--format arrow</c> (default) writes Arrow clip shards:
/// corpora/&lt;version&gt;/&lt;split&gt;/shard-NNNNN.arrow, corpora/&lt;version&gt;/corpus.json and
/// version.json, and corpora/&lt;version&gt;/manifest.json last. <c>--parent</c> builds the version on a
/// parent (an id, or the newest complete version in the store): within
/// posecluster.augmotion.reuse-tolerance-mm the parent's shards of unchanged datasets are kept. Without it
/// the build is one-shot (the default; it still uses the stage-1 cache). <c>--format npy</c> writes
/// URI/corpus.json and one URI/sequences/&lt;dataset&gt;/&lt;subject&gt;/&lt;action&gt;.&lt;camera&gt;.npy per
/// sequence (URI must be a folder). Either way the registry records the datasets (with their file
/// fingerprints, so the next run reads only changed files), the corpus version, every sequence (ok or
/// rejected, with the reason) and the shards.
/// </summary>
internal static class HarmonizeCommand
{
    public static Command Create(CliContext context, GlobalOptions options)
    {
        var datasets = new Option<string[]>("--dataset")
        {
            Description = "A dataset as KIND=DIR (kinds: h36m, 3dhp, aistpp, mads); repeat for several",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var output = new Option<string>("--out") { Description = "Where to write: a folder or s3://bucket/prefix (npy: a folder)", Required = true };
        var format = new Option<string>("--format") { Description = "arrow: clip shards in an object store (default); npy: one file per sequence", DefaultValueFactory = _ => "arrow" };
        format.AcceptOnlyFromAmong("arrow", "npy");
        var registryOption = new Option<string?>("--registry") { Description = "Registry URL (default posecluster.registry.url)" };
        var corpusVersion = new Option<string?>("--corpus-version") { Description = "Corpus version id (default: derived from the datasets' content and the configuration)" };
        var timings = new Option<bool>("--timings") { Description = "Also print how long each phase took (scan, stage 1, stage 2, shards, documents) to standard error" };
        var parent = new Option<string?>("--parent") { Description = "Build on this parent version (an id, or 'latest' = the newest complete version in --out): unchanged datasets keep its shards within the reuse tolerance" };
        var window = new Option<int?>("--window") { Description = "Clip length T in frames (default posecluster.windows.length)" };
        var stride = new Option<int?>("--stride") { Description = "Frames between clip starts S (default posecluster.windows.stride)" };
        var seed = new Option<long?>("--seed") { Description = "k-means++ seed (default posecluster.augmotion.seed)" };
        var json = GlobalOptions.Json();
        var command = new Command("harmonize", "Project datasets into the universal frame (AugMotion), cut windows and assign subject splits");
        foreach (var option in new Option[] { datasets, output, format, window, stride, seed, registryOption, corpusVersion, parent, timings, json })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var config = EffectiveConfig.Load(parse.GetValue(options.Config)?.FullName, context);
            var settings = HarmonizeSettings.FromConfig(config);
            settings = settings with
            {
                WindowLength = Positive(parse.GetValue(window) ?? settings.WindowLength, "--window"),
                WindowStride = Positive(parse.GetValue(stride) ?? settings.WindowStride, "--stride"),
                AugMotion = settings.AugMotion with { Seed = parse.GetValue(seed) is { } s ? unchecked((ulong)s) : settings.AugMotion.Seed },
            };

            var loaderOptions = DatasetSettings.FromConfig(config);
            var sources = parse.GetValue(datasets)!.Select(d => Source(d, loaderOptions)).ToList();
            var duplicate = sources.GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                throw new BadInputException($"--dataset {duplicate.Key} is given more than once");
            }

            var target = new HarmonizeTarget(
                parse.GetValue(output)!, parse.GetValue(format) ?? "arrow",
                StorageSettings.RegistryUrl(config, parse.GetValue(registryOption)), parse.GetValue(corpusVersion), parse.GetValue(parent));
            var corpusSettings = HarmonizeSettings.Corpus(settings, loaderOptions, config);
            var (report, written, phases) = await HarmonizeOutput.RunAsync(target, sources, corpusSettings, config, cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(timings))
            {
                foreach (var phase in phases)
                {
                    await context.Error.WriteLineAsync(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{phase.Phase}: {phase.Seconds:F3} s")).ConfigureAwait(false);
                }
            }

            var manifest = report.Corpus;
            var manifestJson = manifest.ToJson();
            if (parse.GetValue(json))
            {
                await context.Out.WriteLineAsync(manifestJson).ConfigureAwait(false);
            }
            else
            {
                var m = manifest;
                await context.Out.WriteLineAsync(
                    $"harmonized {m.Sequences.Count} sequences ({m.Sequences.Sum(s => s.Frames)} frames, {m.Sequences.Sum(s => s.Windows)} windows), " +
                    $"rejected {m.Rejected.Count}; Ms = {m.Ms:F1} mm, Msp = {m.Msp:F1} mm; wrote {written}").ConfigureAwait(false);
                var document = report.Document;
                var plan = document.Plan;
                var stage1 = report.Stage1;
                await context.Out.WriteLineAsync(
                    $"corpus version {plan.Version}" + (plan.Parent is { } p && p != plan.Version ? $" (parent {p}, triangle moved {plan.MovedMm:F3} mm, " +
                        (plan.ReusedVersion is null ? "every sequence re-projected)" : $"kept its shards of {string.Join(", ", plan.ReusedDatasets)})") : "") +
                    $"; stage 1: {stage1.SequencesComputed} sequences computed, {stage1.SequencesCached} cached; clips: {document.NewClips} new, {document.ReusedClips} kept").ConfigureAwait(false);
                foreach (var r in m.Rejected)
                {
                    await context.Out.WriteLineAsync($"  rejected {r.Dataset}/{(r.Subject.Length > 0 ? r.Subject : "?")}/{r.Action}{(r.Camera.Length > 0 ? "." + r.Camera : "")}: {r.Reason}").ConfigureAwait(false);
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static int Positive(int value, string name) =>
        value >= 1 ? value : throw new BadInputException($"{name} must be at least 1 (got {value})");

    /// <summary>Parses KIND=DIR into a dataset (named after its kind) read by that kind's loader.</summary>
    private static DatasetSource Source(string argument, DatasetLoaderOptions loaderOptions)
    {
        var equals = argument.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == argument.Length - 1)
        {
            throw new BadInputException($"--dataset '{argument}': expected KIND=DIR, e.g. h36m=/data/h36m");
        }

        var name = argument[..equals];
        if (!DatasetKinds.TryParse(name, out var kind))
        {
            throw new BadInputException($"--dataset '{argument}': unknown dataset kind '{name}' (known: {string.Join(", ", DatasetKinds.All.Select(k => k.Name))})");
        }

        var directory = Path.GetFullPath(argument[(equals + 1)..]);
        if (!Directory.Exists(directory))
        {
            throw new BadInputException($"--dataset '{argument}': {directory}: no such folder");
        }

        var loader = DatasetLoaders.Create(kind, loaderOptions);
        if (!loader.Recognizes(directory))
        {
            throw new BadInputException($"--dataset '{argument}': {directory} does not look like a {DatasetKinds.NameOf(kind)} dataset");
        }

        return DatasetSource.Create(DatasetKinds.NameOf(kind), kind, directory);
    }
}
