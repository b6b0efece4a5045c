using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using PoseCluster.Actors.Experiments;
using PoseCluster.Configuration;
using PoseCluster.Datasets;
using Spectre.Console;

namespace PoseCluster.Host.Cli;

/// <summary>
/// <c>posecluster demo [--no-serve]</c>: the whole mission on one machine with embedded defaults (SQLite
/// journal and registry, a folder object store, all under posecluster.home), run by this process:
/// synthetic raw datasets in each source's native layout (tools/synth), a one-node cluster with
/// posecluster.demo.trainer-slots trainer slots (<see cref="DemoNode"/>), the four datasets' ingestion through
/// its endpoint (<see cref="DemoIngestion"/>), the experiment posecluster.demo.experiment submitted to it and
/// followed to the end, the results and the dashboard's address. Then it keeps serving the dashboard until Ctrl-C — unless <c>--no-serve</c> is given or
/// the process has no terminal (CI, a pipe), where it stops the node and exits: 0 when the experiment succeeded.
/// </summary>
internal static class DemoCommand
{
    private static readonly TimeSpan NodeStartTimeout = TimeSpan.FromMinutes(3);

    public static Command Create(CliContext context, GlobalOptions options)
    {
        var noServe = new Option<bool>("--no-serve") { Description = "Exit after the results instead of serving the dashboard until Ctrl-C (the default without a terminal)" };
        var command = new Command("demo", "Run the whole mission on one machine: synthetic datasets, ingestion, a 2-rank experiment on a one-node cluster, the dashboard");
        command.Options.Add(noServe);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var configFile = parse.GetValue(options.Config)?.FullName;
            var config = EffectiveConfig.Load(configFile, context);
            var output = context.Out;
            var home = Path.GetFullPath(config.GetString("posecluster.home"));
            var demo = config.GetConfigOrEmpty("posecluster.demo");
            var clock = Stopwatch.StartNew();

            await output.WriteLineAsync($"PoseCluster {VersionCommand.Version} demo (home: {home})").ConfigureAwait(false);
            await output.WriteLineAsync("Supported dataset kinds:").ConfigureAwait(false);
            foreach (var (_, name, description) in DatasetKinds.All)
            {
                await output.WriteLineAsync($"  {name,-8} {description}").ConfigureAwait(false);
            }

            // 1. Raw data in each source's own layout, as a user would have downloaded it.
            var raw = Path.Combine(home, "raw");
            await Step(output, "1/5", $"synthetic raw datasets in their native layouts -> {raw}").ConfigureAwait(false);
            if (!DatasetKinds.All.All(k => Directory.Exists(Path.Combine(raw, k.Name))))
            {
                await GenerateAsync(demo, raw, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await output.WriteLineAsync("  already there (delete the folder to regenerate)").ConfigureAwait(false);
            }

            // 2. A one-node cluster in this process: api, worker and trainer roles.
            var slots = demo.GetInt("trainer-slots", 2);
            var http = FreeHttpUrl(config.GetString("posecluster.http.url"));
            await Step(output, "2/5", $"a one-node cluster in this process ({slots} trainer slots), HTTP at {http}").ConfigureAwait(false);
            await using var node = await DemoNode.StartAsync(configFile, home, context, http, slots, cancellationToken).ConfigureAwait(false);

            // 3. Ingestion through the node's endpoint into a corpus version.
            var objects = config.GetString("posecluster.storage.objects.folder");
            await Step(output, "3/5", $"ingestion and AugMotion harmonization of all four datasets through the node's endpoint -> Arrow shards in {objects}").ConfigureAwait(false);
            await DemoIngestion.RunAsync(node.Api, raw, config, output, cancellationToken).ConfigureAwait(false);

            using var client = ExperimentClient.Create(http.ToString(), token: null, config);
            await WaitForTrainersAsync(client, http, slots, cancellationToken).ConfigureAwait(false);

            // 4. The experiment, followed to the end.
            var spec = demo.GetConfig("experiment").ToHocon();
            var console = CliConsole.For(context);
            await Step(output, "4/5", "the demo experiment (posecluster.demo.experiment), submitted to the node and followed").ConfigureAwait(false);
            var id = await client.SubmitAsync(spec, json: false, cancellationToken).ConfigureAwait(false);
            console.WriteLine($"submitted experiment {id}");
            var final = await ExperimentFollower.FollowAsync(client, id, console, cancellationToken).ConfigureAwait(false);

            // 5. Results and the dashboard.
            await Step(output, "5/5", "results").ConfigureAwait(false);
            (await ExperimentReport.ReadAsync(client, id, cancellationToken).ConfigureAwait(false)).Write(console);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"demo done in {clock.Elapsed.TotalSeconds:F0} s")).ConfigureAwait(false);
            await output.WriteLineAsync($"dashboard: {http}?experiment={id}").ConfigureAwait(false);
            var serve = !parse.GetValue(noServe) && !Console.IsInputRedirected && !Console.IsOutputRedirected;
            if (serve)
            {
                await output.WriteLineAsync("serving the dashboard until Ctrl-C").ConfigureAwait(false);
                await Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            }
            else if (!parse.GetValue(noServe))
            {
                await output.WriteLineAsync("no terminal: not serving (run `posecluster demo` from a terminal to keep the dashboard up)").ConfigureAwait(false);
            }

            return final.Status == ExperimentStatus.Succeeded ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }

    /// <summary>Waits until the node serves HTTP and its trainer pool knows its slots.</summary>
    private static async Task WaitForTrainersAsync(ExperimentClient client, Uri http, int slots, CancellationToken cancellationToken)
    {
        using var probe = new HttpClient { BaseAddress = http, Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + NodeStartTimeout;
        while (true)
        {
            try
            {
                var trainers = await probe.GetFromJsonAsync<Http.TrainersView>("api/trainers", Http.ApiJson.Options, cancellationToken).ConfigureAwait(false);
                if (trainers?.Nodes.Where(n => n.Reachable).Sum(n => n.Slots) >= slots)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // A slow answer while the cluster forms.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the demo's node at {client.Api} did not offer {slots} trainer slots within {NodeStartTimeout.TotalMinutes:0} min");
            }

            await Task.Delay(500, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>posecluster.http.url when its port is free, else the same host on a free port (another demo or node may hold 8080).</summary>
    private static Uri FreeHttpUrl(string configured)
    {
        var url = new Uri(configured);
        var address = url.Host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(url.Host);
        try
        {
            using var listener = new TcpListener(address, url.Port);
            listener.Start();
            listener.Stop();
            return url;
        }
        catch (SocketException)
        {
            using var listener = new TcpListener(address, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return new UriBuilder(url) { Port = port }.Uri;
        }
    }

    private static Task Step(TextWriter output, string number, string what) =>
        output.WriteLineAsync($"{Environment.NewLine}[{number}] {what}");

    /// <summary>Runs tools/synth with Debian's Python (numpy + scipy), the writers the real datasets come from.</summary>
    private static async Task GenerateAsync(Config demo, string raw, CancellationToken cancellationToken)
    {
        var script = FindUp(Path.Combine("tools", "synth", "synth.py"))
            ?? throw new InvalidOperationException("the demo needs tools/synth/synth.py from the PoseCluster repository (run it from a checkout: make demo)");
        var start = new ProcessStartInfo(demo.GetString("python", "/usr/bin/python3")) { UseShellExecute = false };
        foreach (var arg in new[] { script, "--out", raw, "--seed", demo.GetInt("seed", 7).ToString(CultureInfo.InvariantCulture), "--size", demo.GetInt("size", 1).ToString(CultureInfo.InvariantCulture) })
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
