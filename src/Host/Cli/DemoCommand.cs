using System.CommandLine;
using System.Diagnostics;
using PoseCluster.Datasets;
using PoseCluster.Configuration;

namespace PoseCluster.Host.Cli;

/// <summary>
/// <c>posecluster demo</c>: the main job on one machine with embedded defaults (SQLite registry, a
/// folder object store under posecluster.home). It is a script over the other commands, run
/// in-process: synthetic raw datasets in each source's native layout (tools/synth), AugMotion
/// harmonization of all four into Arrow clip shards, the registry's status, and the stages that have
/// not landed yet, named as such.
/// </summary>
internal static class DemoCommand
{
    public static Command Create(CliContext context, GlobalOptions options)
    {
        var command = new Command("demo", "Run the whole pipeline on one machine with embedded defaults");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var configFile = parse.GetValue(options.Config)?.FullName;
            var config = EffectiveConfig.Load(configFile, context);
            var output = context.Out;
            var home = Path.GetFullPath(config.GetString("posecluster.home"));
            var demo = config.GetConfigOrEmpty("posecluster.demo");

            await output.WriteLineAsync($"PoseCluster {VersionCommand.Version} demo (home: {home})").ConfigureAwait(false);
            await output.WriteLineAsync("Supported dataset kinds:").ConfigureAwait(false);
            foreach (var (_, name, description) in DatasetKinds.All)
            {
                await output.WriteLineAsync($"  {name,-8} {description}").ConfigureAwait(false);
            }

            // 1. Raw data in each source's own layout, as a user would have downloaded it.
            var raw = Path.Combine(home, "raw");
            await Step(output, "1/3", $"synthetic raw datasets in their native layouts -> {raw}").ConfigureAwait(false);
            if (!DatasetKinds.All.All(k => Directory.Exists(Path.Combine(raw, k.Name))))
            {
                await GenerateAsync(demo, raw, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await output.WriteLineAsync("  already there (delete the folder to regenerate)").ConfigureAwait(false);
            }

            // 2. Harmonization into Arrow shards in the object store, recorded in the registry.
            var objects = config.GetString("posecluster.storage.objects.folder");
            await Step(output, "2/3", $"ingestion and AugMotion harmonization of all four datasets through a one-node cluster's endpoint -> Arrow shards in {objects}").ConfigureAwait(false);
            await using (var node = await DemoNode.StartAsync(configFile, home, context, cancellationToken).ConfigureAwait(false))
            {
                await DemoIngestion.RunAsync(node.Api, raw, config, output, cancellationToken).ConfigureAwait(false);
            }

            // 3. What the registry now holds.
            await Step(output, "3/3", "the experiment registry").ConfigureAwait(false);
            await RunAsync(context, configFile, ["registry", "status"], cancellationToken).ConfigureAwait(false);

            await output.WriteLineAsync().ConfigureAwait(false);
            await output.WriteLineAsync("Not there yet (each lands with its own issue): SoloPose training and evaluation in the demo,").ConfigureAwait(false);
            await output.WriteLineAsync("the experiment endpoint and dashboard, distributed training.").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Task Step(TextWriter output, string number, string what) =>
        output.WriteLineAsync($"{Environment.NewLine}[{number}] {what}");

    /// <summary>Runs another posecluster command in this process; a failure ends the demo with its code.</summary>
    private static async Task RunAsync(CliContext context, string? configFile, List<string> args, CancellationToken cancellationToken)
    {
        if (configFile is not null)
        {
            args.AddRange(["--config", configFile]);
        }

        var code = await PoseClusterCli.RunAsync([.. args], context, cancellationToken).ConfigureAwait(false);
        if (code != ExitCodes.Ok)
        {
            throw new InvalidOperationException($"demo step 'posecluster {string.Join(' ', args)}' failed with exit code {code}");
        }
    }

    /// <summary>Runs tools/synth with Debian's Python (numpy + scipy), the writers the real datasets come from.</summary>
    private static async Task GenerateAsync(Config demo, string raw, CancellationToken cancellationToken)
    {
        var script = FindUp(Path.Combine("tools", "synth", "synth.py"))
            ?? throw new InvalidOperationException("the demo needs tools/synth/synth.py from the PoseCluster repository (run it from a checkout: make demo)");
        var start = new ProcessStartInfo(demo.GetString("python", "/usr/bin/python3")) { UseShellExecute = false };
        foreach (var arg in new[] { script, "--out", raw, "--seed", demo.GetInt("seed", 7).ToString(System.Globalization.CultureInfo.InvariantCulture), "--size", demo.GetInt("size", 1).ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {start.FileName}");
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"tools/synth/synth.py failed with exit code {process.ExitCode}");
        }
    }

    /// <summary>A repository file found from the executable's folder upwards, then from the working folder.</summary>
    private static string? FindUp(string relative)
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, relative);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
