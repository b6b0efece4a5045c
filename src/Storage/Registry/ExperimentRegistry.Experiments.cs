namespace PoseCluster.Storage.Registry;

/// <summary>Experiments, attempts, metrics and checkpoints.</summary>
public sealed partial class ExperimentRegistry
{
    /// <summary>Records a new experiment; an existing id is an error.</summary>
    public Task CreateExperimentAsync(ExperimentRecord experiment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        return RunAsync("create experiment " + experiment.Id, connection => ExecuteAsync(connection, null,
            "INSERT INTO experiments (id, name, spec, status, corpus_version, created_at, updated_at) VALUES (@id, @name, @spec, @status, @corpus, @at, @at)",
            cancellationToken, ("id", experiment.Id), ("name", experiment.Name), ("spec", experiment.Spec), ("status", experiment.Status),
            ("corpus", experiment.CorpusVersion), ("at", Now())), cancellationToken);
    }

    /// <summary>Sets an experiment's status; false when there is no such experiment.</summary>
    public Task<bool> SetExperimentStatusAsync(string id, string status, CancellationToken cancellationToken) =>
        RunAsync("set the status of experiment " + id, async connection => await ExecuteAsync(connection, null,
            "UPDATE experiments SET status = @status, updated_at = @at WHERE id = @id",
            cancellationToken, ("status", status), ("at", Now()), ("id", id)).ConfigureAwait(false) == 1, cancellationToken);

    /// <summary>
    /// Records an experiment or brings its name, spec, status and corpus version up to date (the creation time
    /// stays the first one written). Its owner calls it after every change, so a retry after a failure is harmless.
    /// </summary>
    public Task UpsertExperimentAsync(ExperimentRecord experiment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        var created = experiment.Created?.ToUnixTimeMilliseconds() ?? Now();
        return RunAsync("record experiment " + experiment.Id, connection => ExecuteAsync(connection, null,
            "INSERT INTO experiments (id, name, spec, status, corpus_version, created_at, updated_at) VALUES (@id, @name, @spec, @status, @corpus, @created, @at) " +
            "ON CONFLICT (id) DO UPDATE SET name = excluded.name, spec = excluded.spec, status = excluded.status, corpus_version = excluded.corpus_version, updated_at = excluded.updated_at",
            cancellationToken, ("id", experiment.Id), ("name", experiment.Name), ("spec", experiment.Spec), ("status", experiment.Status),
            ("corpus", experiment.CorpusVersion), ("created", created), ("at", Now())), cancellationToken);
    }

    /// <summary>An experiment, or null.</summary>
    public Task<ExperimentRecord?> ExperimentAsync(string id, CancellationToken cancellationToken) =>
        RunAsync<ExperimentRecord?>("read experiment " + id, async connection => (await QueryAsync(connection,
            "SELECT id, name, spec, status, corpus_version, created_at FROM experiments WHERE id = @id",
            r => new ExperimentRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), Text(r, 4), Time(r, 5)),
            cancellationToken, ("id", id)).ConfigureAwait(false)).SingleOrDefault(), cancellationToken);

    /// <summary>Every experiment, newest first.</summary>
    public Task<List<ExperimentRecord>> ExperimentsAsync(CancellationToken cancellationToken) =>
        RunAsync("list experiments", connection => QueryAsync(connection,
            "SELECT id, name, spec, status, corpus_version, created_at FROM experiments ORDER BY created_at DESC, id",
            r => new ExperimentRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), Text(r, 4), Time(r, 5)),
            cancellationToken), cancellationToken);

    /// <summary>
    /// Records attempt <paramref name="number"/> of an experiment whose owner numbers its attempts itself;
    /// recording the same attempt again changes nothing.
    /// </summary>
    public Task RecordAttemptAsync(string experimentId, int number, int worldSize, DateTimeOffset started, CancellationToken cancellationToken) =>
        RunAsync("record an attempt of experiment " + experimentId, connection => ExecuteAsync(connection, null,
            "INSERT INTO attempts (experiment_id, number, world_size, started_at) VALUES (@id, @number, @world, @at) ON CONFLICT (experiment_id, number) DO NOTHING",
            cancellationToken, ("id", experimentId), ("number", number), ("world", worldSize), ("at", started.ToUnixTimeMilliseconds())), cancellationToken);

    /// <summary>
    /// The latest recorded point of every metric of an experiment, by name ("latest" = recorded last, so after a
    /// resume it is the re-run step, not the failed attempt's furthest one).
    /// </summary>
    public Task<Dictionary<string, MetricPoint>> LatestMetricsAsync(string experimentId, CancellationToken cancellationToken) =>
        RunAsync("read the latest metrics of experiment " + experimentId, async connection => (await QueryAsync(connection,
            "SELECT m.step, m.name, m.value FROM metrics m JOIN (SELECT name, MAX(id) AS id FROM metrics WHERE experiment_id = @id GROUP BY name) latest ON m.id = latest.id",
            r => new MetricPoint(Long(r, 0), r.GetString(1), Double(r, 2)), cancellationToken, ("id", experimentId)).ConfigureAwait(false))
            .ToDictionary(p => p.Name, StringComparer.Ordinal), cancellationToken);

    /// <summary>The latest recorded point of metric <paramref name="name"/> of every experiment that has one, by experiment id.</summary>
    public Task<Dictionary<string, MetricPoint>> LatestMetricOfEveryExperimentAsync(string name, CancellationToken cancellationToken) =>
        RunAsync("read the latest " + name + " of every experiment", async connection => (await QueryAsync(connection,
            "SELECT m.experiment_id, m.step, m.name, m.value FROM metrics m JOIN (SELECT experiment_id, MAX(id) AS id FROM metrics WHERE name = @name GROUP BY experiment_id) latest ON m.id = latest.id",
            r => (Id: r.GetString(0), Point: new MetricPoint(Long(r, 1), r.GetString(2), Double(r, 3))), cancellationToken, ("name", name)).ConfigureAwait(false))
            .ToDictionary(p => p.Id, p => p.Point, StringComparer.Ordinal), cancellationToken);

    /// <summary>The number of the newest attempt of every experiment that has one, by experiment id.</summary>
    public Task<Dictionary<string, int>> LatestAttemptOfEveryExperimentAsync(CancellationToken cancellationToken) =>
        RunAsync("read the latest attempts", async connection => (await QueryAsync(connection,
            "SELECT experiment_id, MAX(number) FROM attempts GROUP BY experiment_id",
            r => (Id: r.GetString(0), Number: Int(r, 1)), cancellationToken).ConfigureAwait(false))
            .ToDictionary(p => p.Id, p => p.Number, StringComparer.Ordinal), cancellationToken);

    /// <summary>
    /// Metric series of an experiment (every name, or only <paramref name="name"/>), points with a step after
    /// <paramref name="afterStep"/>, sorted by step with one point per step: the one recorded last (a resumed
    /// attempt re-runs the steps after its checkpoint).
    /// </summary>
    public Task<SortedDictionary<string, List<MetricPoint>>> MetricSeriesAsync(string experimentId, string? name, long afterStep, CancellationToken cancellationToken) =>
        RunAsync("read the metric series of experiment " + experimentId, async connection =>
        {
            var rows = name is null
                ? await QueryAsync(connection,
                    "SELECT step, name, value FROM metrics WHERE experiment_id = @id AND step > @after ORDER BY name, step, id",
                    r => new MetricPoint(Long(r, 0), r.GetString(1), Double(r, 2)), cancellationToken, ("id", experimentId), ("after", afterStep)).ConfigureAwait(false)
                : await QueryAsync(connection,
                    "SELECT step, name, value FROM metrics WHERE experiment_id = @id AND name = @name AND step > @after ORDER BY step, id",
                    r => new MetricPoint(Long(r, 0), r.GetString(1), Double(r, 2)), cancellationToken, ("id", experimentId), ("name", name), ("after", afterStep)).ConfigureAwait(false);
            var series = new SortedDictionary<string, List<MetricPoint>>(StringComparer.Ordinal);
            foreach (var point in rows)
            {
                if (!series.TryGetValue(point.Name, out var points))
                {
                    series[point.Name] = points = [];
                }

                // Rows come by step, then in recording order: a repeated step replaces the earlier value.
                if (points.Count > 0 && points[^1].Step == point.Step)
                {
                    points[^1] = point;
                }
                else
                {
                    points.Add(point);
                }
            }

            return series;
        }, cancellationToken);

    /// <summary>Starts the next attempt of an experiment; returns its number (1, 2, ...).</summary>
    public Task<int> StartAttemptAsync(string experimentId, int worldSize, CancellationToken cancellationToken) =>
        RunAsync("start an attempt of experiment " + experimentId, async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);
            await using var next = Command(connection, transaction, "SELECT COALESCE(MAX(number), 0) + 1 FROM attempts WHERE experiment_id = @id", ("id", experimentId));
            var number = Convert.ToInt32(await next.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
            await ExecuteAsync(connection, transaction,
                "INSERT INTO attempts (experiment_id, number, world_size, started_at) VALUES (@id, @number, @world, @at)",
                cancellationToken, ("id", experimentId), ("number", number), ("world", worldSize), ("at", Now())).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return number;
        }, cancellationToken);

    /// <summary>Ends an attempt with the reason it ended; false when it does not exist or has already ended.</summary>
    public Task<bool> EndAttemptAsync(string experimentId, int number, string reason, CancellationToken cancellationToken) =>
        RunAsync("end an attempt of experiment " + experimentId, async connection => await ExecuteAsync(connection, null,
            "UPDATE attempts SET ended_at = @at, reason_ended = @reason WHERE experiment_id = @id AND number = @number AND ended_at IS NULL",
            cancellationToken, ("at", Now()), ("reason", reason), ("id", experimentId), ("number", number)).ConfigureAwait(false) == 1, cancellationToken);

    /// <summary>The attempts of an experiment in order.</summary>
    public Task<List<AttemptRecord>> AttemptsAsync(string experimentId, CancellationToken cancellationToken) =>
        RunAsync("list attempts", connection => QueryAsync(connection,
            "SELECT experiment_id, number, world_size, started_at, ended_at, reason_ended FROM attempts WHERE experiment_id = @id ORDER BY number",
            r => new AttemptRecord(r.GetString(0), Int(r, 1), Int(r, 2), Time(r, 3), OptionalTime(r, 4), Text(r, 5)),
            cancellationToken, ("id", experimentId)), cancellationToken);

    /// <summary>Appends metric points of an experiment in one transaction.</summary>
    public Task RecordMetricsAsync(string experimentId, IEnumerable<MetricPoint> points, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(points);
        return RunAsync("record metrics of experiment " + experimentId, async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var at = Now();
            foreach (var point in points)
            {
                await ExecuteAsync(connection, transaction,
                    "INSERT INTO metrics (experiment_id, step, name, value, recorded_at) VALUES (@id, @step, @name, @value, @at)",
                    cancellationToken, ("id", experimentId), ("step", point.Step), ("name", point.Name), ("value", point.Value), ("at", at)).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <summary>The values of metric <paramref name="name"/> of an experiment by step.</summary>
    public Task<List<MetricPoint>> MetricsAsync(string experimentId, string name, CancellationToken cancellationToken) =>
        RunAsync("read metrics", connection => QueryAsync(connection,
            "SELECT step, name, value FROM metrics WHERE experiment_id = @id AND name = @name ORDER BY step, id",
            r => new MetricPoint(Long(r, 0), r.GetString(1), Double(r, 2)),
            cancellationToken, ("id", experimentId), ("name", name)), cancellationToken);

    /// <summary>Records a stored checkpoint.</summary>
    public Task RecordCheckpointAsync(CheckpointRecord checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return RunAsync("record checkpoint " + checkpoint.Key, connection => ExecuteAsync(connection, null,
            "INSERT INTO checkpoints (checkpoint_key, experiment_id, step, sha256, bytes, created_at) VALUES (@key, @id, @step, @sha, @bytes, @at) " +
            "ON CONFLICT (checkpoint_key) DO UPDATE SET step = excluded.step, sha256 = excluded.sha256, bytes = excluded.bytes",
            cancellationToken, ("key", checkpoint.Key), ("id", checkpoint.ExperimentId), ("step", checkpoint.Step), ("sha", checkpoint.Sha256), ("bytes", checkpoint.Bytes), ("at", Now())), cancellationToken);
    }

    /// <summary>The checkpoints of an experiment by step.</summary>
    public Task<List<CheckpointRecord>> CheckpointsAsync(string experimentId, CancellationToken cancellationToken) =>
        RunAsync("list checkpoints", connection => QueryAsync(connection,
            "SELECT checkpoint_key, experiment_id, step, sha256, bytes FROM checkpoints WHERE experiment_id = @id ORDER BY step",
            r => new CheckpointRecord(r.GetString(0), r.GetString(1), Long(r, 2), r.GetString(3), Long(r, 4)),
            cancellationToken, ("id", experimentId)), cancellationToken);
}
