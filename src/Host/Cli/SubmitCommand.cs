using System.CommandLine;
using Spectre.Console;

namespace PoseCluster.Host.Cli;

/// <summary>
/// <c>posecluster submit SPEC [--api URL] [--token T] [--follow] [--json]</c>: sends an experiment spec (HOCON or
/// JSON; <c>-</c> reads it from stdin) to a node's <c>POST /api/experiments</c> and prints the new id. <c>--follow</c>
/// shows its progress (step / steps, loss, clips/s, attempt) until it finishes, then the results; the exit code is
/// 0 only when it succeeded. <c>--json</c> prints the experiment's report as one line of JSON (at the end with
/// <c>--follow</c>, else right after the submission).
/// </summary>
internal static class SubmitCommand
{
    public static Command Create(CliContext context, GlobalOptions options)
    {
        var spec = new Argument<string>("SPEC") { Description = "Experiment spec file, HOCON or JSON (docs/EXPERIMENTS.md); - for stdin" };
        var api = new Option<string?>("--api") { Description = "HTTP endpoint of a node with the role api (default: posecluster.http.url)" };
        var token = new Option<string?>("--token") { Description = "Bearer token for the write (default: posecluster.http.token)" };
        var follow = new Option<bool>("--follow") { Description = "Show the progress until the experiment finishes, then its results" };
        var json = GlobalOptions.Json();
        var command = new Command("submit", "Submit an experiment to the cluster (POST /api/experiments)");
        command.Arguments.Add(spec);
        foreach (var option in new Option[] { api, token, follow, json })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var config = EffectiveConfig.Load(parse.GetValue(options.Config)?.FullName, context);
            var path = parse.GetValue(spec)!;
            string text;
            try
            {
                text = path == "-" ? await Console.In.ReadToEndAsync(cancellationToken).ConfigureAwait(false) : await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new BadInputException($"{path}: {e.Message}");
            }

            using var client = ExperimentClient.Create(parse.GetValue(api), parse.GetValue(token), config);
            var asJson = parse.GetValue(json);
            var console = CliConsole.For(context);
            var id = await client.SubmitAsync(text, path.EndsWith(".json", StringComparison.OrdinalIgnoreCase), cancellationToken).ConfigureAwait(false);
            if (!parse.GetValue(follow))
            {
                await context.Out.WriteLineAsync(asJson ? (await ExperimentReport.ReadAsync(client, id, cancellationToken).ConfigureAwait(false)).ToJson() : $"submitted experiment {id}").ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            if (!asJson)
            {
                console.WriteLine($"submitted experiment {id}; following it (Ctrl-C stops following, not the experiment)");
            }

            var final = await ExperimentFollower.FollowAsync(client, id, asJson ? CliConsole.Silent() : console, cancellationToken).ConfigureAwait(false);
            var report = await ExperimentReport.ReadAsync(client, id, cancellationToken).ConfigureAwait(false);
            if (asJson)
            {
                await context.Out.WriteLineAsync(report.ToJson()).ConfigureAwait(false);
            }
            else
            {
                report.Write(console);
            }

            return final.Status == Actors.Experiments.ExperimentStatus.Succeeded ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }
}
