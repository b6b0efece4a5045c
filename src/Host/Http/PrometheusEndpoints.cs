using System.Globalization;
using System.Text;
using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using PoseCluster.Actors.Experiments;
using PoseCluster.Actors.Training;
using PoseCluster.Host.Node;

namespace PoseCluster.Host.Http;

/// <summary>
/// <c>GET /metrics</c>: Prometheus text exposition (format 0.0.4) of the cluster as this node sees it — members
/// by status, trainer slots — and of every experiment that is not finished plus the ten newest: step, steps,
/// attempt, loss, clips/s, all-reduce time. docs/API.md lists the series.
/// </summary>
internal static class PrometheusEndpoints
{
    /// <summary>Maps the endpoint onto <paramref name="app"/>.</summary>
    public static IEndpointRouteBuilder MapPrometheusEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/metrics", async (ActorSystem system, IRequiredActor<TrainerPool> pool, TrainingEnvironment training, NodeSettings settings, CancellationToken cancellationToken) =>
        {
            var text = new StringBuilder();
            WriteCluster(text, Cluster.Get(system));
            var trainers = await TrainerEndpoints.ReadAsync(pool.ActorRef, settings.AskTimeout < TimeSpan.FromSeconds(5) ? settings.AskTimeout : TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
            Family(text, "posecluster_trainer_slots", "Trainer slots a node advertises.");
            foreach (var node in trainers.Nodes)
            {
                Sample(text, "posecluster_trainer_slots", node.Slots, ("node", node.Address));
            }

            Family(text, "posecluster_trainer_slots_busy", "Trainer slots claimed by running attempts.");
            foreach (var node in trainers.Nodes)
            {
                Sample(text, "posecluster_trainer_slots_busy", node.Busy, ("node", node.Address));
            }

            await WriteExperimentsAsync(text, training, cancellationToken).ConfigureAwait(false);
            return Results.Text(text.ToString(), "text/plain; version=0.0.4; charset=utf-8");
        });
        return app;
    }

    private static void WriteCluster(StringBuilder text, Cluster cluster)
    {
        var state = cluster.State;
        Family(text, "posecluster_cluster_members", "Cluster members by status, as this node sees them.");
        foreach (var group in state.Members.GroupBy(m => m.Status.ToString()).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            Sample(text, "posecluster_cluster_members", group.Count(), ("status", group.Key));
        }

        Family(text, "posecluster_cluster_unreachable_members", "Members the failure detector marks unreachable.");
        Sample(text, "posecluster_cluster_unreachable_members", state.Unreachable.Count);
    }

    private static async Task WriteExperimentsAsync(StringBuilder text, TrainingEnvironment training, CancellationToken cancellationToken)
    {
        var registry = training.Registry;
        var experiments = await registry.ExperimentsAsync(cancellationToken).ConfigureAwait(false);
        Family(text, "posecluster_experiments", "Experiments by status.");
        foreach (var group in experiments.GroupBy(e => e.Status).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            Sample(text, "posecluster_experiments", group.Count(), ("status", group.Key));
        }

        var shown = experiments.Where(e => !ExperimentStatus.IsFinal(e.Status)).Concat(experiments.Take(10)).DistinctBy(e => e.Id).ToList();
        var series = new (string Metric, string Family, string Help)[]
        {
            ("train/loss", "posecluster_experiment_loss", "The latest training loss."),
            ("train/clips_per_s", "posecluster_experiment_clips_per_second", "Clips per second of all ranks in the latest step."),
            ("train/allreduce_ms", "posecluster_experiment_allreduce_milliseconds", "Gradient all-reduce time of the latest step."),
        };
        var latest = new Dictionary<string, Dictionary<string, Storage.Registry.MetricPoint>>(StringComparer.Ordinal);
        foreach (var (metric, _, _) in series)
        {
            latest[metric] = await registry.LatestMetricOfEveryExperimentAsync(metric, cancellationToken).ConfigureAwait(false);
        }

        var attempts = await registry.LatestAttemptOfEveryExperimentAsync(cancellationToken).ConfigureAwait(false);
        Family(text, "posecluster_experiment_step", "Steps done (the latest recorded).");
        foreach (var e in shown)
        {
            Sample(text, "posecluster_experiment_step", latest["train/loss"].TryGetValue(e.Id, out var p) ? p.Step : 0, Labels(e));
        }

        Family(text, "posecluster_experiment_attempt", "Number of the latest attempt.");
        foreach (var e in shown.Where(e => attempts.ContainsKey(e.Id)))
        {
            Sample(text, "posecluster_experiment_attempt", attempts[e.Id], Labels(e));
        }

        foreach (var (metric, family, help) in series)
        {
            Family(text, family, help);
            foreach (var e in shown.Where(e => latest[metric].ContainsKey(e.Id)))
            {
                Sample(text, family, latest[metric][e.Id].Value, Labels(e));
            }
        }
    }

    private static (string, string)[] Labels(Storage.Registry.ExperimentRecord e) => [("id", e.Id), ("name", e.Name), ("status", e.Status)];

    private static void Family(StringBuilder text, string name, string help) =>
        text.Append("# HELP ").Append(name).Append(' ').AppendLine(help).Append("# TYPE ").Append(name).AppendLine(" gauge");

    private static void Sample(StringBuilder text, string name, double value, params (string Name, string Value)[] labels)
    {
        text.Append(name);
        if (labels.Length > 0)
        {
            text.Append('{').AppendJoin(',', labels.Select(l => $"{l.Name}=\"{Escape(l.Value)}\"")).Append('}');
        }

        text.Append(' ').AppendLine(double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : double.IsNaN(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf");
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
