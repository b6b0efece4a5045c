using System.CommandLine;
using System.Text.Json;
using PoseCluster.Datasets;
using PoseCluster.Datasets.Sources;

namespace PoseCluster.Host.Cli;

/// <summary>
/// <c>posecluster datasets add|list</c> (through a node: <see cref="DatasetsAddCommand"/>, <see cref="DatasetsListCommand"/>) and
/// <c>posecluster datasets load [--kind h36m|3dhp|aistpp|mads] --path DIR [--json]</c>: loads a dataset
/// folder with its source's loader and summarizes every sequence (frames, valid frames, the first valid
/// pose and the sum of |x|+|y|+|z| over valid frames, mm) and every skipped sequence with its reason.
/// </summary>
internal static class DatasetsCommand
{
    public static Command Create(CliContext context, GlobalOptions options)
    {
        var kind = new Option<string?>("--kind") { Description = "Dataset kind; detected from the folder's layout when omitted" };
        kind.AcceptOnlyFromAmong([.. DatasetKinds.All.Select(k => k.Name)]);
        var path = new Option<DirectoryInfo>("--path") { Description = "The dataset folder", Required = true };
        var json = GlobalOptions.Json();
        var load = new Command("load", "Load a dataset folder and summarize its sequences");
        load.Options.Add(kind);
        load.Options.Add(path);
        load.Options.Add(json);
        load.SetAction((parse, cancellationToken) =>
        {
            var config = EffectiveConfig.Load(parse.GetValue(options.Config)?.FullName, context);
            var loaderOptions = DatasetSettings.FromConfig(config);
            var directory = parse.GetValue(path)!.FullName;
            var datasetKind = ResolveKind(parse.GetValue(kind), directory, loaderOptions);
            var report = Summarize(datasetKind, DatasetLoaders.Create(datasetKind, loaderOptions).Load(directory, cancellationToken));
            context.Out.WriteLine(parse.GetValue(json) ? ToJson(report) : ToText(report));
            return Task.FromResult(ExitCodes.Ok);
        });

        var command = new Command("datasets", "Work with source dataset folders");
        command.Subcommands.Add(load);
        // Through a node's endpoint (issue 13): add a dataset to the cluster, list the cluster's datasets.
        command.Subcommands.Add(DatasetsAddCommand.Create(context, options));
        command.Subcommands.Add(DatasetsListCommand.Create(context, options));
        return command;
    }

    private static DatasetKind ResolveKind(string? name, string directory, DatasetLoaderOptions options)
    {
        if (!Directory.Exists(directory))
        {
            throw new BadInputException($"{directory}: no such folder");
        }

        if (name is not null)
        {
            if (!DatasetKinds.TryParse(name, out var kind))
            {
                throw new BadInputException($"unknown dataset kind '{name}'");
            }

            return DatasetLoaders.Create(kind, options).Recognizes(directory)
                ? kind
                : throw new BadInputException($"{directory}: not a {name} layout (expected {DatasetLoaders.ExpectedLayout(kind, options)})");
        }

        var detected = DatasetLoaders.Detect(directory, options);
        return detected.Count switch
        {
            1 => detected[0],
            0 => throw new BadInputException(
                $"{directory}: no known dataset layout (expected {string.Join(", ", DatasetKinds.All.Select(k => DatasetLoaders.ExpectedLayout(k.Kind, options)))})"),
            _ => throw new BadInputException(
                $"{directory}: matches several dataset layouts ({string.Join(", ", detected.Select(DatasetKinds.NameOf))}); pass --kind"),
        };
    }

    /// <summary>The report of one load: per sequence its summary, per skipped sequence its reason.</summary>
    internal sealed record LoadReport(string Dataset, IReadOnlyList<SequenceSummary> Sequences, IReadOnlyList<(string Path, string Reason)> Skipped);

    /// <summary>What <c>datasets load</c> prints of one sequence.</summary>
    internal sealed record SequenceSummary(
        string Subject, string Action, string Camera, double Fps, int Frames, int ValidFrames, float[]? FirstValidPose, double SumAbsMm);

    private static LoadReport Summarize(DatasetKind kind, IEnumerable<SequenceLoadResult> results)
    {
        var sequences = new List<SequenceSummary>();
        var skipped = new List<(string, string)>();
        foreach (var result in results)
        {
            if (result.Sequence is not { } sequence)
            {
                skipped.Add((result.SourcePath, result.SkipReason ?? "skipped"));
                continue;
            }

            float[]? first = null;
            var sum = 0.0;
            for (var f = 0; f < sequence.FrameCount; f++)
            {
                if (!sequence.Valid[f])
                {
                    continue;
                }

                var frame = sequence.Frame(f);
                first ??= frame.ToArray();
                foreach (var v in frame)
                {
                    sum += Math.Abs(v);
                }
            }

            sequences.Add(new SequenceSummary(
                sequence.Subject, sequence.Action, sequence.Camera, sequence.Fps, sequence.FrameCount, sequence.ValidFrameCount, first, sum));
        }

        return new LoadReport(DatasetKinds.NameOf(kind), sequences, skipped);
    }

    private static string ToJson(LoadReport report)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
        {
            writer.WriteStartObject();
            writer.WriteString("dataset", report.Dataset);
            writer.WriteStartArray("sequences");
            foreach (var s in report.Sequences)
            {
                writer.WriteStartObject();
                writer.WriteString("subject", s.Subject);
                writer.WriteString("action", s.Action);
                writer.WriteString("camera", s.Camera);
                writer.WriteNumber("fps", s.Fps);
                writer.WriteNumber("frames", s.Frames);
                writer.WriteNumber("valid_frames", s.ValidFrames);
                writer.WritePropertyName("first_valid_pose");
                if (s.FirstValidPose is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    writer.WriteStartArray();
                    for (var j = 0; j < s.FirstValidPose.Length; j += 3)
                    {
                        writer.WriteStartArray();
                        writer.WriteNumberValue(s.FirstValidPose[j]);
                        writer.WriteNumberValue(s.FirstValidPose[j + 1]);
                        writer.WriteNumberValue(s.FirstValidPose[j + 2]);
                        writer.WriteEndArray();
                    }

                    writer.WriteEndArray();
                }

                writer.WriteNumber("sum_abs_mm", s.SumAbsMm);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("skipped");
            foreach (var (path, reason) in report.Skipped)
            {
                writer.WriteStartObject();
                writer.WriteString("path", path);
                writer.WriteString("reason", reason);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string ToText(LoadReport report)
    {
        var lines = new List<string> { $"{report.Dataset}: {report.Sequences.Count} sequences, {report.Skipped.Count} skipped" };
        lines.AddRange(report.Sequences.Select(s =>
            $"  {s.Subject} / {s.Action} / {s.Camera}: {s.Frames} frames ({s.ValidFrames} valid) at {s.Fps} fps"));
        lines.AddRange(report.Skipped.Select(s => $"  skipped: {s.Reason}"));
        return string.Join(Environment.NewLine, lines);
    }
}
