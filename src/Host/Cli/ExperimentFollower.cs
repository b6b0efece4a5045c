using System.Globalization;
using PoseCluster.Actors.Experiments;
using PoseCluster.Host.Http;
using Spectre.Console;

namespace PoseCluster.Host.Cli;

/// <summary>
/// Follows an experiment until it finishes (<c>submit --follow</c>, <c>demo</c>): a progress bar of step / steps
/// with the loss, clips/s and attempt on an interactive terminal; elsewhere (a pipe, CI) a line each time the
/// progress passes another tenth, the attempt or the status changes.
/// </summary>
internal static class ExperimentFollower
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    /// <summary>Polls experiment <paramref name="id"/> until its status is final; returns its last view.</summary>
    public static async Task<ExperimentView> FollowAsync(ExperimentClient client, string id, IAnsiConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        if (!console.Profile.Capabilities.Interactive)
        {
            return await FollowPlainAsync(client, id, console, cancellationToken).ConfigureAwait(false);
        }

        ExperimentView view = await client.GetAsync(id, cancellationToken).ConfigureAwait(false);
        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask(Describe(view), maxValue: Math.Max(1, view.Steps));
                while (true)
                {
                    task.Description = Describe(view);
                    task.Value = Math.Min(view.Step, task.MaxValue);
                    if (ExperimentStatus.IsFinal(view.Status))
                    {
                        if (view.Status == ExperimentStatus.Succeeded)
                        {
                            task.Value = task.MaxValue;
                        }

                        task.StopTask();
                        return;
                    }

                    await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
                    view = await client.GetAsync(id, cancellationToken).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
        return view;
    }

    private static async Task<ExperimentView> FollowPlainAsync(ExperimentClient client, string id, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var lastTenth = -1L;
        var lastState = "";
        while (true)
        {
            var view = await client.GetAsync(id, cancellationToken).ConfigureAwait(false);
            var tenth = view.Steps > 0 ? view.Step * 10 / view.Steps : 0;
            var state = $"{view.Status}#{view.Attempts.Count}";
            if (tenth != lastTenth || state != lastState)
            {
                console.WriteLine(Describe(view, markup: false));
                (lastTenth, lastState) = (tenth, state);
            }

            if (ExperimentStatus.IsFinal(view.Status))
            {
                return view;
            }

            await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One line: status, step / steps, attempt and its ranks, loss, clips/s (and what it waits for).</summary>
    private static string Describe(ExperimentView view, bool markup = true)
    {
        var attempt = view.Attempts.Count > 0 ? view.Attempts[^1] : null;
        var text = string.Create(CultureInfo.InvariantCulture, $"{view.Status} step {view.Step}/{view.Steps}");
        if (attempt is not null)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"  attempt {attempt.Number} ({attempt.WorldSize} rank{(attempt.WorldSize == 1 ? "" : "s")})");
        }

        if (view.Latest is { } latest)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"  loss {latest.Loss:F4}  {latest.ClipsPerS:F1} clips/s");
        }

        if (view.Waiting is { } waiting)
        {
            text += $"  ({waiting})";
        }

        return markup ? Markup.Escape(text) : text;
    }
}
