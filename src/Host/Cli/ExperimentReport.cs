using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PoseCluster.Host.Http;
using Spectre.Console;

namespace PoseCluster.Host.Cli;

/// <summary>
/// What <c>submit</c>, <c>status ID</c> and <c>demo</c> report about an experiment: the JSON of issue 14
/// (<c>{"id", "status", "attempts", "steps", "loss_first", "loss_last", "val": {...}, "checkpoint"}</c>) and a
/// results table.
/// </summary>
/// <param name="View">The experiment as the node reports it.</param>
/// <param name="LossFirst">The first recorded train/loss.</param>
/// <param name="LossLast">The last recorded train/loss.</param>
internal sealed record ExperimentReport(ExperimentView View, double? LossFirst, double? LossLast)
{
    /// <summary>Reads the experiment and its loss series.</summary>
    public static async Task<ExperimentReport> ReadAsync(ExperimentClient client, string id, CancellationToken cancellationToken)
    {
        var view = await client.GetAsync(id, cancellationToken).ConfigureAwait(false);
        var loss = await client.SeriesAsync(id, "train/loss", cancellationToken).ConfigureAwait(false);
        return new ExperimentReport(view, loss.Count > 0 ? loss[0][1] : null, loss.Count > 0 ? loss[^1][1] : null);
    }

    /// <summary>
    /// The report as one line of JSON: id, status, attempts (how many), steps (done), loss_first, loss_last,
    /// val (the six metrics, or null before an evaluation), checkpoint (the newest key, or null).
    /// </summary>
    public string ToJson()
    {
        var v = View.Val;
        var json = new JsonObject
        {
            ["id"] = View.Id,
            ["status"] = View.Status,
            ["attempts"] = View.Attempts.Count,
            ["steps"] = View.Step,
            ["loss_first"] = LossFirst,
            ["loss_last"] = LossLast,
            ["val"] = v is null ? null : new JsonObject
            {
                ["mpjpe"] = v.Mpjpe,
                ["p_mpjpe"] = v.PMpjpe,
                ["n_mpjpe"] = v.NMpjpe,
                ["mpjve"] = v.Mpjve,
                ["pck150"] = v.Pck150,
                ["auc"] = v.Auc,
            },
            ["checkpoint"] = View.Checkpoint,
        };
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    /// <summary>The results table: the run, its attempts, and the evaluation overall and per dataset.</summary>
    public void Write(IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var v = View;
        var run = new Table().Border(TableBorder.Rounded).Title($"experiment {Markup.Escape(v.Id)} ({Markup.Escape(v.Name)})").AddColumn("").AddColumn("").HideHeaders();
        run.AddRow("status", Markup.Escape(v.Status));
        run.AddRow("corpus", Markup.Escape(v.CorpusVersion ?? "-"));
        run.AddRow("steps", Invariant($"{v.Step} / {v.Steps}"));
        run.AddRow("loss", LossFirst is null ? "-" : Invariant($"{LossFirst:F4} -> {LossLast:F4}"));
        if (v.Latest is { } latest)
        {
            run.AddRow("last step", Invariant($"{latest.ClipsPerS:F1} clips/s, {latest.StepMs:F0} ms, all-reduce {latest.AllreduceMs:F1} ms"));
        }

        run.AddRow("checkpoint", Markup.Escape(v.Checkpoint ?? "-"));
        if (v.Error is not null)
        {
            run.AddRow("error", Markup.Escape(v.Error));
        }

        console.Write(run);
        var attempts = new Table().Border(TableBorder.Rounded).Title("attempts")
            .AddColumn("#").AddColumn("ranks").AddColumn("from step").AddColumn("time").AddColumn("ended");
        foreach (var a in v.Attempts)
        {
            var time = a.Ended is { } end ? Invariant($"{(end - a.Started).TotalSeconds:F0} s") : "running";
            attempts.AddRow(Invariant($"{a.Number}"), Invariant($"{a.WorldSize}"), Invariant($"{a.StartStep ?? 0}"), time, Markup.Escape(a.EndReason ?? "-"));
        }

        console.Write(attempts);
        if (v.Val is null)
        {
            return;
        }

        var eval = new Table().Border(TableBorder.Rounded).Title($"evaluation ({Markup.Escape(v.ValSplit ?? "val")} split)")
            .AddColumn("dataset").AddColumn(new TableColumn("MPJPE mm").RightAligned()).AddColumn(new TableColumn("P-MPJPE mm").RightAligned())
            .AddColumn(new TableColumn("N-MPJPE mm").RightAligned()).AddColumn(new TableColumn("MPJVE mm/f").RightAligned())
            .AddColumn(new TableColumn("PCK@150 %").RightAligned()).AddColumn(new TableColumn("AUC %").RightAligned());
        var rows = (v.ValByDataset ?? new Dictionary<string, MetricsView>()).Select(d => (Dataset: d.Key, Metrics: d.Value)).Append(("all", v.Val));
        foreach (var (dataset, m) in rows)
        {
            eval.AddRow(Markup.Escape(dataset), F(m.Mpjpe), F(m.PMpjpe), F(m.NMpjpe), F(m.Mpjve), F(m.Pck150), F(m.Auc));
        }

        console.Write(eval);
    }

    private static string F(double? value) => value is { } v ? v.ToString("F1", CultureInfo.InvariantCulture) : "-";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
