using System.Collections.Concurrent;
using System.Text.Json;
using Akka.Actor;
using Akka.Hosting;
using PoseCluster.Actors.Experiments;
using PoseCluster.Actors.Training;
using PoseCluster.Host.Node;
using PoseCluster.Storage.Objects;
using PoseCluster.Storage.Registry;

namespace PoseCluster.Host.Http;

/// <summary>
/// The read side of the experiment endpoints: the registry (experiments, attempts, metrics, checkpoints) and
/// the experiment entity (status, spec, attempts with the step each resumed from, what it waits for). The
/// lifecycle of a finished experiment never changes, so its entity is asked once per node (a bounded cache).
/// Experiments the registry has from <c>posecluster train</c> (no entity) are shown from their rows alone.
/// </summary>
internal sealed class ExperimentQueries(TrainingEnvironment training, IRequiredActor<ExperimentRegion> region, NodeSettings settings)
{
    private const int FinishedCacheSize = 1024;

    // Lifecycles of finished experiments by id (they never change).
    private readonly ConcurrentDictionary<string, ExperimentDetails> finished = new(StringComparer.Ordinal);

    // Registry experiments without an entity (recorded by posecluster train): asking again would only wake an empty entity.
    private readonly ConcurrentDictionary<string, bool> withoutEntity = new(StringComparer.Ordinal);

    /// <summary>Every experiment, newest first.</summary>
    public async Task<ExperimentListView> ListAsync(CancellationToken cancellationToken)
    {
        var registry = training.Registry;
        var rows = await registry.ExperimentsAsync(cancellationToken).ConfigureAwait(false);
        var losses = await registry.LatestMetricOfEveryExperimentAsync("train/loss", cancellationToken).ConfigureAwait(false);
        var attempts = await registry.LatestAttemptOfEveryExperimentAsync(cancellationToken).ConfigureAwait(false);
        return new ExperimentListView([.. rows.Select(r =>
        {
            var loss = losses.GetValueOrDefault(r.Id);
            return new ExperimentSummaryView(r.Id, r.Name, StatusName(r.Status), loss?.Step ?? 0, StepsOf(r.Spec), attempts.TryGetValue(r.Id, out var a) ? a : null,
                loss?.Value, r.CorpusVersion, (r.Created ?? DateTimeOffset.UnixEpoch).UtcDateTime);
        })]);
    }

    /// <summary>One experiment, or null when the registry has none with this id.</summary>
    public async Task<ExperimentView?> DetailAsync(string id, CancellationToken cancellationToken)
    {
        var registry = training.Registry;
        var row = await registry.ExperimentAsync(id, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            return null;
        }

        var details = await LifecycleAsync(id, cancellationToken).ConfigureAwait(false);
        var latest = await registry.LatestMetricsAsync(id, cancellationToken).ConfigureAwait(false);
        var checkpoints = await registry.CheckpointsAsync(id, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<AttemptView> attempts = details is not null
            ? [.. details.Attempts.Select(a => new AttemptView(a.Number, a.WorldSize, a.StartStep, a.Started.UtcDateTime, a.Ended?.UtcDateTime, a.EndReason, a.Nodes))]
            : [.. (await registry.AttemptsAsync(id, cancellationToken).ConfigureAwait(false))
                .Select(a => new AttemptView(a.Number, a.WorldSize, null, a.StartedAt.UtcDateTime, a.EndedAt?.UtcDateTime, a.ReasonEnded, null))];
        double? Value(string name) => latest.TryGetValue(name, out var point) ? point.Value : null;
        var split = latest.ContainsKey("val/mpjpe") ? "val" : latest.ContainsKey("test/mpjpe") ? "test" : null;
        var datasets = split is null ? [] : latest.Keys
            .Where(k => k.StartsWith(split + "/", StringComparison.Ordinal) && k.EndsWith("/mpjpe", StringComparison.Ordinal) && k.Count(c => c == '/') == 2)
            .Select(k => k.Split('/')[1]).Order(StringComparer.Ordinal).ToList();
        MetricsView Metrics(string prefix) => new(Value(prefix + "/mpjpe"), Value(prefix + "/p_mpjpe"), Value(prefix + "/n_mpjpe"), Value(prefix + "/mpjve"), Value(prefix + "/pck150"), Value(prefix + "/auc"));
        var spec = details?.Spec.Source ?? row.Spec;
        return new ExperimentView(
            id,
            details?.Spec.Name ?? row.Name,
            details?.Status ?? StatusName(row.Status),
            ParseSpec(spec),
            details?.CorpusVersion ?? row.CorpusVersion,
            latest.TryGetValue("train/loss", out var loss) ? loss.Step : 0,
            details?.Spec.Steps ?? StepsOf(spec),
            attempts,
            latest.ContainsKey("train/loss") ? new LatestView(Value("train/loss"), Value("train/lr"), Value("train/clips_per_s"), Value("train/allreduce_ms"), Value("train/step_ms")) : null,
            split is null ? null : Metrics(split),
            split,
            split is null ? null : datasets.ToDictionary(d => d, d => Metrics($"{split}/{d}"), StringComparer.Ordinal),
            [.. checkpoints.Select(c => new CheckpointView(c.Step, c.Key, c.Sha256, c.Bytes))],
            checkpoints.Count == 0 ? null : checkpoints.MaxBy(c => c.Step)!.Key,
            details?.Error,
            details?.Waiting,
            (details?.Submitted ?? row.Created ?? DateTimeOffset.UnixEpoch).UtcDateTime);
    }

    /// <summary>Metric series of an experiment, or null when there is no such experiment.</summary>
    public async Task<MetricSeriesView?> SeriesAsync(string id, string? name, long after, CancellationToken cancellationToken)
    {
        var registry = training.Registry;
        if (await registry.ExperimentAsync(id, cancellationToken).ConfigureAwait(false) is null)
        {
            return null;
        }

        var series = await registry.MetricSeriesAsync(id, name, after, cancellationToken).ConfigureAwait(false);
        var result = series.ToDictionary(s => s.Key, s => (IReadOnlyList<double[]>)[.. s.Value.Select(p => new[] { p.Step, p.Value })], StringComparer.Ordinal);
        if (name is not null && !result.ContainsKey(name))
        {
            result[name] = [];
        }

        return new MetricSeriesView(result);
    }

    /// <summary>The newest evaluation's prediction sample (JSON bytes), or null before the first evaluation.</summary>
    public async Task<byte[]?> SampleAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await training.Objects.GetAsync(TrainingEnvironment.ExperimentPrefix(id) + CorpusTrainer.SampleKey, cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                using var buffer = new MemoryStream();
                await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
                return buffer.ToArray();
            }
        }
        catch (ObjectNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The entity's view of an experiment; null when it has none (an experiment of <c>posecluster train</c>) or does not answer in time.</summary>
    private async Task<ExperimentDetails?> LifecycleAsync(string id, CancellationToken cancellationToken)
    {
        if (finished.TryGetValue(id, out var known))
        {
            return known;
        }

        if (withoutEntity.ContainsKey(id))
        {
            return null;
        }

        object answer;
        try
        {
            answer = await region.ActorRef.Ask<object>(new GetExperiment(id), settings.AskTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            return null;
        }

        if (answer is not ExperimentDetails details)
        {
            // The registry has the experiment (the entity writes its row only after persisting it), the
            // cluster does not: it was recorded by posecluster train.
            if (answer is ExperimentUnknown && withoutEntity.Count < FinishedCacheSize)
            {
                withoutEntity[id] = true;
            }

            return null;
        }

        if (ExperimentStatus.IsFinal(details.Status) && details.Attempts.All(a => a.Ended is not null))
        {
            if (finished.Count >= FinishedCacheSize)
            {
                finished.Clear();
            }

            finished[id] = details;
        }

        return details;
    }

    /// <summary>Status names of experiments that <c>posecluster train</c> recorded (running, completed, failed) in the API's terms.</summary>
    private static string StatusName(string status) => status switch
    {
        "running" => ExperimentStatus.Training,
        "completed" => ExperimentStatus.Succeeded,
        "failed" => ExperimentStatus.Failed,
        _ => status,
    };

    private static long StepsOf(string spec)
    {
        try
        {
            using var json = JsonDocument.Parse(spec);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("steps", out var steps) && steps.TryGetInt64(out var value) ? value : 0;
        }
        catch (JsonException)
        {
            return 0;
        }
    }

    private static JsonElement ParseSpec(string spec)
    {
        try
        {
            using var json = JsonDocument.Parse(spec);
            return json.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(spec);
        }
    }
}
