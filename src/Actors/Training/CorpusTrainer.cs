using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PoseCluster.Datasets.Metrics;
using PoseCluster.Models;
using PoseCluster.Models.Training;
using PoseCluster.Configuration;
using PoseCluster.Storage.Objects;
using PoseCluster.Storage.Registry;
using PoseCluster.Storage.Shards;

namespace PoseCluster.Actors.Training;

/// <summary>
/// Trains SoloPose on a corpus version's train shards, as one rank of <see cref="TrainingRun.Group"/> (or
/// alone): every epoch's clips are dealt to the ranks by an <see cref="EpochPlan"/>, gradients all-reduced by
/// a <see cref="DataParallelTrainer"/>. Rank 0 resumes (from <see cref="TrainingRun.ResumeFrom"/>, else the
/// newest checkpoint in the output store) and broadcasts its state, checkpoints (model, optimizer, step,
/// sampler position, RNG) every posecluster.training.checkpoint-every steps and at the end, evaluates on up to
/// eval-max-clips val clips (the test split when there are none) every eval-every steps and at the end —
/// overall and per dataset, with a prediction sample of the first clip (<see cref="SampleKey"/>) — and records
/// per-step metrics (in batches), evaluations and checkpoints in the registry. A cancelled or failed run still
/// records the metrics it logged.
/// </summary>
public static class CorpusTrainer
{
    /// <summary>Prefix of checkpoint keys in the output store (after <see cref="TrainingRun.OutputPrefix"/>).</summary>
    public const string CheckpointPrefix = "checkpoints/";

    /// <summary>Key (after <see cref="TrainingRun.OutputPrefix"/>) of the newest evaluation's prediction sample (docs/API.md, GET /api/experiments/{id}/sample).</summary>
    public const string SampleKey = "sample.json";

    /// <summary>The checkpoint key of <paramref name="step"/>: checkpoints/step-00001000.ckpt.</summary>
    public static string CheckpointKey(long step) => string.Create(CultureInfo.InvariantCulture, $"{CheckpointPrefix}step-{step:D8}.ckpt");

    /// <summary>
    /// The registry experiment id of training into <paramref name="outputLocation"/> on
    /// <paramref name="corpusVersion"/>: one experiment per pair, so a rerun into the same output resumes
    /// the same experiment.
    /// </summary>
    public static string ExperimentId(string outputLocation, string corpusVersion)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{outputLocation}|{corpusVersion}"));
        return "train-" + Convert.ToHexStringLower(hash)[..12];
    }

    /// <summary>Runs this rank's part of <paramref name="run"/>.</summary>
    public static async Task<TrainingResult> RunAsync(TrainingRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var settings = run.Settings;
        var manifest = await CorpusManifest.ReadAsync(run.Corpus, run.CorpusVersion, cancellationToken).ConfigureAwait(false);
        if (manifest.Window != settings.Model.Frames)
        {
            throw new ConfigurationException(
                $"posecluster.model.frames = {settings.Model.Frames} but corpus {run.CorpusVersion} has clips of {manifest.Window} frames; they must match");
        }

        var train = manifest.Shards.Where(s => s.Split == "train" && s.Clips > 0).ToList();
        if (train.Count == 0)
        {
            throw new CorpusIncompleteException(CorpusManifest.KeyFor(run.CorpusVersion), "the corpus has no train clips");
        }

        var evalSplit = settings.EvalMaxClips <= 0 ? null
            : manifest.Shards.Any(s => s.Split == "val" && s.Clips > 0) ? "val"
            : manifest.Shards.Any(s => s.Split == "test" && s.Clips > 0) ? "test" : null;
        var evalSet = new EvalSet([.. manifest.Shards.Where(s => s.Split == evalSplit && s.Clips > 0)]);
        var rank = run.Group?.Rank ?? 0;
        var worldSize = run.Group?.WorldSize ?? 1;
        var plan = new EpochPlan([.. train.Select(s => checked((int)s.Clips))], rank, worldSize, settings.Loader.BatchSize, settings.Model.Seed);

        SoloPoseModel.SetThreads(settings.Threads);
        using var model = SoloPoseModel.Create(settings.Model, settings.Device);
        if (settings.EncoderWeights.Length > 0)
        {
            model.LoadEncoder(settings.EncoderWeights);
        }

        var trainer = new DataParallelTrainer(model, run.Group, settings.BucketBytes);
        var recorder = rank == 0 ? await RunRecorder.StartAsync(run, cancellationToken).ConfigureAwait(false) : null;
        try
        {
            try
            {
                // Rank 0 resumes (from a checkpoint whose bytes match the sha256 the registry recorded) and
                // broadcasts its state, so every rank starts from the same parameters and sampler position.
                var (checkpoint, position) = recorder is not null ? await ResumeAsync(run, model, recorder, cancellationToken).ConfigureAwait(false) : (null, default);
                position = trainer.SynchronizeFromRankZero(position);
                var resumedFrom = model.Step;
                run.Milestones?.Report(new TrainingMilestone(TrainingMilestoneKind.Synchronized, model.Step));
                double? lossFirst = null, lossLast = null;
                if (model.Step < run.TargetSteps)
                {
                    var cache = new ShardClipCache(run.Corpus, train);
                    var loader = new ClipBatchLoader(PlannedClipsAsync(plan, position, cache, CancellationToken.None), settings.Model.Frames, settings.Model.Joints, settings.Model.RootJoint, settings.Loader);
                    await using (loader.ConfigureAwait(false))
                    {
                        while (model.Step < run.TargetSteps)
                        {
                            var batch = await loader.ReadAsync(cancellationToken).ConfigureAwait(false)
                                ?? throw new InvalidOperationException("the train clip source ended");
                            var metrics = trainer.Step(batch.InputSpan, batch.Pose3dSpan, batch.Count);
                            loader.Return(batch);
                            position = plan.Next(position);
                            lossFirst ??= metrics.Loss;
                            lossLast = metrics.Loss;
                            recorder?.Add(metrics);
                            run.Progress?.Report(metrics);
                            if (recorder is null)
                            {
                                continue;
                            }

                            if (model.Step % settings.CheckpointEvery == 0 || model.Step == run.TargetSteps)
                            {
                                checkpoint = await SaveCheckpointAsync(run, model, position, recorder, cancellationToken).ConfigureAwait(false);
                            }
                            else
                            {
                                await recorder.FlushIfDueAsync(settings.MetricsFlushInterval, cancellationToken).ConfigureAwait(false);
                            }

                            if (evalSplit is not null && settings.EvalEvery > 0 && model.Step % settings.EvalEvery == 0 && model.Step < run.TargetSteps)
                            {
                                // The other ranks wait for this in their next all-reduce (bounded by the collective timeout).
                                run.Milestones?.Report(new TrainingMilestone(TrainingMilestoneKind.Evaluating, model.Step));
                                await EvaluateAndRecordAsync(run, evalSet, evalSplit, model, recorder, cancellationToken).ConfigureAwait(false);
                            }
                        }
                    }
                }

                Evaluation? evaluation = null;
                if (recorder is not null)
                {
                    checkpoint ??= await SaveCheckpointAsync(run, model, position, recorder, cancellationToken).ConfigureAwait(false);
                    if (evalSplit is not null)
                    {
                        run.Milestones?.Report(new TrainingMilestone(TrainingMilestoneKind.FinalEvaluation, model.Step));
                        evaluation = await EvaluateAndRecordAsync(run, evalSet, evalSplit, model, recorder, cancellationToken).ConfigureAwait(false);
                    }

                    await recorder.EndAsync("completed", cancellationToken).ConfigureAwait(false);
                }

                return new TrainingResult(
                    recorder?.ExperimentId ?? run.Recording?.ExperimentId ?? ExperimentId(run.Output.Location, run.CorpusVersion), model.Step, resumedFrom, lossFirst, lossLast,
                    evaluation?.Overall, evaluation is null ? null : evalSplit, evaluation?.Clips ?? 0, checkpoint is null ? null : run.OutputPrefix + checkpoint, worldSize, evaluation?.ByDataset);
            }
            catch (Exception e) when (recorder is not null)
            {
                await recorder.EndAsync(e is OperationCanceledException ? "cancelled" : "failed: " + e.Message, CancellationToken.None).ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            if (recorder is not null)
            {
                await recorder.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Loads <see cref="TrainingRun.ResumeFrom"/>, else the newest checkpoint of the output store, into the model
    /// once its bytes match the sha256 the registry recorded when it was written (<see cref="VerifiedObjects"/>);
    /// its key (without the output prefix) and sampler position, or (null, start) when there is none.
    /// </summary>
    private static async Task<(string? Key, SamplerPosition Position)> ResumeAsync(TrainingRun run, SoloPoseModel model, RunRecorder recorder, CancellationToken cancellationToken)
    {
        var prefix = run.OutputPrefix + CheckpointPrefix;
        CheckpointRecord? recorded = run.ResumeFrom;
        var storeKey = recorded?.Key;
        if (recorded is null)
        {
            string? newest = null;
            await foreach (var info in run.Output.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
            {
                // Step numbers are zero-padded, so the last key in key order is the newest step.
                if (info.Key.EndsWith(".ckpt", StringComparison.Ordinal))
                {
                    newest = info.Key;
                }
            }

            if (newest is null)
            {
                return (null, default);
            }

            storeKey = newest;
            recorded = await recorder.RecordedCheckpointAsync(newest, cancellationToken).ConfigureAwait(false)
                ?? throw new ObjectStoreException($"checkpoint '{newest}' in {run.Output.Location} has no sha256 recorded for experiment {recorder.ExperimentId} in the registry, so it cannot be verified", newest);
        }

        using var buffer = new MemoryStream();
        var source = await VerifiedObjects.OpenAsync(run.Output, storeKey!, recorded.Sha256, cancellationToken, recorded.Bytes).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            await source.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        }

        buffer.Position = 0;
        try
        {
            return (storeKey![run.OutputPrefix.Length..], model.Load(buffer));
        }
        catch (CheckpointException e)
        {
            throw new CheckpointException($"{run.Output.Location}/{storeKey}: {e.Message}", e);
        }
    }

    /// <summary>Saves the model and sampler position under the step's key, records it, flushes the logged metrics; returns the key without the output prefix.</summary>
    private static async Task<string> SaveCheckpointAsync(TrainingRun run, SoloPoseModel model, SamplerPosition position, RunRecorder recorder, CancellationToken cancellationToken)
    {
        var key = CheckpointKey(model.Step);
        using var buffer = new MemoryStream();
        model.Save(buffer, position);
        buffer.Position = 0;
        var stored = await VerifiedObjects.PutAsync(run.Output, run.OutputPrefix + key, buffer, cancellationToken).ConfigureAwait(false);
        await recorder.CheckpointAsync(new CheckpointRecord(recorder.RegistryKey(run.OutputPrefix + key), recorder.ExperimentId, model.Step, stored.Sha256, stored.Bytes), cancellationToken).ConfigureAwait(false);
        return key;
    }

    /// <summary>Evaluates, records the metrics (overall and per dataset) and stores the prediction sample.</summary>
    private static async Task<Evaluation> EvaluateAndRecordAsync(TrainingRun run, EvalSet evalSet, string split, SoloPoseModel model, RunRecorder recorder, CancellationToken cancellationToken)
    {
        evalSet.Clips ??= await SelectEvalClipsAsync(run.Corpus, evalSet.Shards, run.Settings.EvalMaxClips, cancellationToken).ConfigureAwait(false);
        var evaluation = await EvaluateAsync(evalSet.Clips, model, run.Settings, cancellationToken).ConfigureAwait(false);
        recorder.AddEvaluation(model.Step, split, evaluation.Overall);
        foreach (var (dataset, summary) in evaluation.ByDataset)
        {
            recorder.AddEvaluation(model.Step, $"{split}/{dataset}", summary);
        }

        if (evaluation.Sample is { } sample)
        {
            using var json = new MemoryStream(sample.ToJson(model.Step, split));
            await run.Output.PutAsync(run.OutputPrefix + SampleKey, json, cancellationToken).ConfigureAwait(false);
        }

        await recorder.FlushAsync(cancellationToken).ConfigureAwait(false);
        return evaluation;
    }

    /// <summary>
    /// Means of the per-clip metrics over the selected clips of the split (each clip its own
    /// sequence for MPJVE), overall and per dataset, and the first clip's prediction for the skeleton viewer.
    /// </summary>
    private static async Task<Evaluation> EvaluateAsync(IReadOnlyList<Datasets.Clip> evalClips, SoloPoseModel model, TrainingSettings settings, CancellationToken cancellationToken)
    {
        var options = settings.Model;
        var poseLength = options.Frames * options.Joints * 3;
        var predicted = new float[model.PoseLength(settings.Loader.BatchSize)];
        var overall = new MetricSums();
        var byDataset = new SortedDictionary<string, MetricSums>(StringComparer.Ordinal);
        EvaluationSample? sample = null;
        var loader = new ClipBatchLoader(EvalClipsAsync(evalClips, cancellationToken), options.Frames, options.Joints, options.RootJoint, settings.Loader);
        await using (loader.ConfigureAwait(false))
        {
            while (await loader.ReadAsync(cancellationToken).ConfigureAwait(false) is { } batch)
            {
                model.Predict(batch.InputSpan, batch.Count, predicted.AsSpan(0, batch.Count * poseLength));
                for (var c = 0; c < batch.Count; c++)
                {
                    // The loader keeps the clips' order: batch after batch, clip after clip.
                    var clip = evalClips[overall.Clips];
                    var prediction = predicted.AsSpan(c * poseLength, poseLength);
                    var truth = batch.Pose3d.AsSpan(c * poseLength, poseLength);
                    var m = PoseMetrics.Evaluate(prediction, truth);
                    overall.Add(m);
                    var dataset = clip.Dataset;
                    if (!byDataset.TryGetValue(dataset, out var sums))
                    {
                        byDataset[dataset] = sums = new MetricSums();
                    }

                    sums.Add(m);
                    if (sample is null)
                    {
                        sample = EvaluationSample.Create(clip, prediction, truth, options.Frames, options.Joints, options.RootJoint);
                    }
                }

                loader.Return(batch);
            }
        }

        return new Evaluation(overall.Mean(), byDataset.ToDictionary(p => p.Key, p => p.Value.Mean(), StringComparer.Ordinal), overall.Clips, sample);
    }

    /// <summary>This rank's clips in plan order from <paramref name="start"/> on, epoch after epoch, until the loader stops reading.</summary>
    private static async IAsyncEnumerable<TrainingClip> PlannedClipsAsync(EpochPlan plan, SamplerPosition start, ShardClipCache cache, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var position = start; ; position = plan.Next(position))
        {
            var references = plan.Batch(position).ToArray();
            foreach (var reference in references)
            {
                var clip = await cache.GetAsync(reference.Shard, reference.Row, cancellationToken).ConfigureAwait(false);
                yield return new TrainingClip(clip.ClipId, clip.Pose3d, clip.Pose2d, reference.Draw);
            }
        }
    }

    /// <summary>
    /// The clips every evaluation of a run uses: up to <paramref name="limit"/> clips of the split taken from its
    /// datasets in turn (the first clips of each in manifest order), so every dataset of the split is evaluated
    /// however small the cap. Reads the split's shards once and keeps at most <paramref name="limit"/> clips per dataset.
    /// </summary>
    private static async Task<List<Datasets.Clip>> SelectEvalClipsAsync(IObjectStore corpus, List<ShardEntry> shards, int limit, CancellationToken cancellationToken)
    {
        var byDataset = new SortedDictionary<string, List<Datasets.Clip>>(StringComparer.Ordinal);
        foreach (var shard in shards)
        {
            var reader = await ClipShardReader.OpenAsync(corpus, shard, cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await foreach (var clip in reader.ReadClipsAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (!byDataset.TryGetValue(clip.Dataset, out var clips))
                    {
                        byDataset[clip.Dataset] = clips = [];
                    }

                    if (clips.Count < limit)
                    {
                        clips.Add(clip);
                    }
                }
            }
        }

        var selected = new List<Datasets.Clip>(limit);
        for (var i = 0; selected.Count < limit && byDataset.Values.Any(c => c.Count > i); i++)
        {
            foreach (var clips in byDataset.Values.Where(c => c.Count > i))
            {
                if (selected.Count < limit)
                {
                    selected.Add(clips[i]);
                }
            }
        }

        return selected;
    }

    /// <summary>The selected evaluation clips in order (the draw number, which seeds the virtual camera, is the clip's position).</summary>
    private static async IAsyncEnumerable<TrainingClip> EvalClipsAsync(IReadOnlyList<Datasets.Clip> clips, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var i = 0; i < clips.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new TrainingClip(clips[i].ClipId, clips[i].Pose3d, clips[i].Pose2d, i + 1);
            await Task.CompletedTask.ConfigureAwait(false);
        }
    }

    /// <summary>The evaluated split's shards and, once selected, the clips every evaluation of the run uses.</summary>
    private sealed class EvalSet(List<ShardEntry> shards)
    {
        public List<ShardEntry> Shards { get; } = shards;

        public List<Datasets.Clip>? Clips { get; set; }
    }

    /// <summary>Mean metrics of an evaluation: overall, per dataset, the clips evaluated and the first clip's prediction.</summary>
    private sealed record Evaluation(PoseMetricSummary Overall, IReadOnlyDictionary<string, PoseMetricSummary> ByDataset, int Clips, EvaluationSample? Sample);

    /// <summary>Running sums of the six metrics.</summary>
    private sealed class MetricSums
    {
        private readonly double[] sums = new double[6];

        public int Clips { get; private set; }

        public void Add(PoseMetricSummary m)
        {
            sums[0] += m.MpjpeMm;
            sums[1] += m.PMpjpeMm;
            sums[2] += m.NMpjpeMm;
            sums[3] += m.MpjveMmPerFrame;
            sums[4] += m.Pck150Percent;
            sums[5] += m.AucPercent;
            Clips++;
        }

        public PoseMetricSummary Mean() =>
            new(sums[0] / Clips, sums[1] / Clips, sums[2] / Clips, sums[3] / Clips, sums[4] / Clips, sums[5] / Clips);
    }

    /// <summary>
    /// Rank 0's registry side of a run: metrics in batches, evaluations, checkpoints; and, for a run without an
    /// owner (<see cref="TrainingRun.Recording"/> null), its own experiment and attempt rows.
    /// </summary>
    private sealed class RunRecorder : IAsyncDisposable
    {
        private readonly ExperimentRegistry registry;
        private readonly int attempt;
        private readonly bool ownsRows;
        private readonly string outputLocation;
        private readonly List<MetricPoint> pending = [];
        private readonly System.Diagnostics.Stopwatch sinceFlush = System.Diagnostics.Stopwatch.StartNew();
        private bool ended;

        private RunRecorder(ExperimentRegistry registry, string experimentId, int attempt, bool ownsRows, string outputLocation)
        {
            this.registry = registry;
            ExperimentId = experimentId;
            this.attempt = attempt;
            this.ownsRows = ownsRows;
            this.outputLocation = outputLocation;
        }

        public string ExperimentId { get; }

        public static async Task<RunRecorder> StartAsync(TrainingRun run, CancellationToken cancellationToken)
        {
            var registry = await ExperimentRegistry.OpenAsync(run.RegistryUrl, migrate: true, cancellationToken).ConfigureAwait(false);
            if (run.Recording is { } owned)
            {
                return new RunRecorder(registry, owned.ExperimentId, owned.Attempt, ownsRows: false, run.Output.Location);
            }

            var id = CorpusTrainer.ExperimentId(run.Output.Location, run.CorpusVersion);
            if (await registry.ExperimentAsync(id, cancellationToken).ConfigureAwait(false) is null)
            {
                var spec = JsonSerializer.Serialize(new { corpus = run.CorpusVersion, output = run.Output.Location, model = run.Settings.Model });
                await registry.CreateExperimentAsync(new ExperimentRecord(id, $"train {run.CorpusVersion}", spec, "running", run.CorpusVersion), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await registry.SetExperimentStatusAsync(id, "running", cancellationToken).ConfigureAwait(false);
            }

            var attempt = await registry.StartAttemptAsync(id, run.Group?.WorldSize ?? 1, cancellationToken).ConfigureAwait(false);
            return new RunRecorder(registry, id, attempt, ownsRows: true, run.Output.Location);
        }

        public void Add(StepMetrics metrics)
        {
            pending.Add(new MetricPoint(metrics.Step, "train/loss", metrics.Loss));
            pending.Add(new MetricPoint(metrics.Step, "train/lr", metrics.LearningRate));
            pending.Add(new MetricPoint(metrics.Step, "train/clips_per_s", metrics.ClipsPerSecond));
            pending.Add(new MetricPoint(metrics.Step, "train/allreduce_ms", metrics.AllReduceMilliseconds));
            pending.Add(new MetricPoint(metrics.Step, "train/step_ms", metrics.StepMilliseconds));
        }

        /// <summary>Writes the logged metrics when <paramref name="interval"/> has passed since the last write.</summary>
        public Task FlushIfDueAsync(TimeSpan interval, CancellationToken cancellationToken) =>
            sinceFlush.Elapsed >= interval ? FlushAsync(cancellationToken) : Task.CompletedTask;

        public void AddEvaluation(long step, string split, PoseMetricSummary summary)
        {
            pending.Add(new MetricPoint(step, $"{split}/mpjpe", summary.MpjpeMm));
            pending.Add(new MetricPoint(step, $"{split}/p_mpjpe", summary.PMpjpeMm));
            pending.Add(new MetricPoint(step, $"{split}/n_mpjpe", summary.NMpjpeMm));
            pending.Add(new MetricPoint(step, $"{split}/mpjve", summary.MpjveMmPerFrame));
            pending.Add(new MetricPoint(step, $"{split}/pck150", summary.Pck150Percent));
            pending.Add(new MetricPoint(step, $"{split}/auc", summary.AucPercent));
        }

        /// <summary>The registry's record of checkpoint <paramref name="storeKey"/> of this experiment, or null.</summary>
        public async Task<CheckpointRecord?> RecordedCheckpointAsync(string storeKey, CancellationToken cancellationToken) =>
            (await registry.CheckpointsAsync(ExperimentId, cancellationToken).ConfigureAwait(false)).LastOrDefault(c => c.Key == RegistryKey(storeKey));

        /// <summary>
        /// The registry's key of a checkpoint stored under <paramref name="storeKey"/>: the key itself for a managed run
        /// (experiments/ID/checkpoints/…, unique per experiment); for a run of its own (<c>posecluster train</c>), whose
        /// output store is any folder or bucket, the output's location and the key, since another output has the same keys.
        /// </summary>
        public string RegistryKey(string storeKey) => ownsRows ? $"{outputLocation.TrimEnd('/')}/{storeKey}" : storeKey;

        public async Task CheckpointAsync(CheckpointRecord checkpoint, CancellationToken cancellationToken)
        {
            await registry.RecordCheckpointAsync(checkpoint, cancellationToken).ConfigureAwait(false);
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Records the logged metrics and why the attempt ended; also when the run was cancelled (CancellationToken.None then).</summary>
        public async Task EndAsync(string reason, CancellationToken cancellationToken)
        {
            if (ended)
            {
                return;
            }

            ended = true;
            await FlushAsync(cancellationToken).ConfigureAwait(false);
            if (ownsRows)
            {
                await registry.EndAttemptAsync(ExperimentId, attempt, reason, cancellationToken).ConfigureAwait(false);
                await registry.SetExperimentStatusAsync(ExperimentId, reason == "completed" ? "completed" : "failed", cancellationToken).ConfigureAwait(false);
            }
        }

        public ValueTask DisposeAsync() => registry.DisposeAsync();

        public async Task FlushAsync(CancellationToken cancellationToken)
        {
            sinceFlush.Restart();
            if (pending.Count > 0)
            {
                await registry.RecordMetricsAsync(ExperimentId, pending, cancellationToken).ConfigureAwait(false);
                pending.Clear();
            }
        }
    }
}
