using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PoseCluster.Host.Http;
using Spectre.Console;

namespace PoseCluster.Host.Cli;

/// <summary>
/// <c>posecluster status [ID] [--api URL] [--json]</c>: without an id, every experiment (id, name, status, step /
/// steps, attempt, loss); with one, its report (the results table, or with <c>--json</c> the same JSON as
/// <c>submit --json</c>).
/// </summary>
internal static class StatusCommand
{
    public static Command Create(CliContext context, GlobalOptions options)
    {
        var id = new Argument<string?>("ID") { Description = "An experiment id (default: every experiment)", Arity = ArgumentArity.ZeroOrOne };
        var api = new Option<string?>("--api") { Description = "HTTP endpoint of a node with the role api (default: posecluster.http.url)" };
        var json = GlobalOptions.Json();
        var command = new Command("status", "Show the experiments, or one experiment's progress and results");
        command.Arguments.Add(id);
        command.Options.Add(api);
        command.Options.Add(json);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var config = EffectiveConfig.Load(parse.GetValue(options.Config)?.FullName, context);
            using var client = ExperimentClient.Create(parse.GetValue(api), token: "", config);
            var console = CliConsole.For(context);
            if (parse.GetValue(id) is { } experiment)
            {
                var report = await ExperimentReport.ReadAsync(client, experiment, cancellationToken).ConfigureAwait(false);
                if (parse.GetValue(json))
                {
                    await context.Out.WriteLineAsync(report.ToJson()).ConfigureAwait(false);
                }
                else
                {
                    report.Write(console);
                }

                return ExitCodes.Ok;
            }

            var list = await client.ListAsync(cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                await context.Out.WriteLineAsync(JsonSerializer.Serialize(list, ApiJson.Options)).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var table = new Table().Border(TableBorder.Rounded).Title("experiments")
                .AddColumn("id").AddColumn("name").AddColumn("status").AddColumn(new TableColumn("step").RightAligned())
                .AddColumn(new TableColumn("attempt").RightAligned()).AddColumn(new TableColumn("loss").RightAligned()).AddColumn("created (UTC)");
            foreach (var e in list.Experiments)
            {
                table.AddRow(Markup.Escape(e.Id), Markup.Escape(e.Name), Markup.Escape(e.Status), string.Create(CultureInfo.InvariantCulture, $"{e.Step}/{e.Steps}"),
                    e.Attempt?.ToString(CultureInfo.InvariantCulture) ?? "-", e.Loss?.ToString("F4", CultureInfo.InvariantCulture) ?? "-",
                    e.Created.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
            }

            console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }
}
