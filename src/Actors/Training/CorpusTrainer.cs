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
/// a <see cref="DataParallelTrainer"/>. Rank 0 resumes from the newest checkpoint in the output store and
/// broadcasts its state, checkpoints (model, optimizer, step, sampler position, RNG) every
/// posecluster.training.checkpoint-every steps and at the end, evaluates on up to eval-max-clips val clips
/// (the test split when there are none) and records the experiment, per-step metrics, evaluation and
/// checkpoints in the registry. A cancelled or failed run still records the metrics it logged.
/// </summary>
public static class CorpusTrainer
{
    /// <summary>Prefix of checkpoint keys in the output store.</summary>
    public const string CheckpointPrefix = "checkpoints/";

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

        var evalSplit = manifest.Shards.Any(s => s.Split == "val" && s.Clips > 0) ? "val" : manifest.Shards.Any(s => s.Split == "test" && s.Clips > 0) ? "test" : null;
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
                var (checkpoint, position) = recorder is not null ? await ResumeAsync(run.Output, model, recorder, cancellationToken).ConfigureAwait(false) : (null, default);
                position = trainer.SynchronizeFromRankZero(position);
                var resumedFrom = model.Step;
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
                            if (rank == 0 && (model.Step % settings.CheckpointEvery == 0 || model.Step == run.TargetSteps))
                            {
                                checkpoint = await SaveCheckpointAsync(run.Output, model, position, recorder!, cancellationToken).ConfigureAwait(false);
                            }
                        }
                    }
                }

                PoseMetricSummary? evaluation = null;
                var evalClips = 0;
                if (rank == 0)
                {
                    checkpoint ??= await SaveCheckpointAsync(run.Output, model, position, recorder!, cancellationToken).ConfigureAwait(false);
                    if (evalSplit is not null)
                    {
                        var shards = manifest.Shards.Where(s => s.Split == evalSplit && s.Clips > 0).ToList();
                        (evaluation, evalClips) = await EvaluateAsync(run.Corpus, shards, model, settings, cancellationToken).ConfigureAwait(false);
                        recorder!.AddEvaluation(model.Step, evalSplit, evaluation);
                    }

                    await recorder!.EndAsync("completed", cancellationToken).ConfigureAwait(false);
                }

                return new TrainingResult(recorder?.ExperimentId ?? ExperimentId(run.Output.Location, run.CorpusVersion), model.Step, resumedFrom, lossFirst, lossLast, evaluation, evaluation is null ? null : evalSplit, evalClips, checkpoint, worldSize);
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
    /// Loads the newest checkpoint of the output store into the model once its bytes match the sha256 the
    /// registry recorded when it was written (<see cref="VerifiedObjects"/>); its key and sampler position,
    /// or (null, start) when there is none.
    /// </summary>
    private static async Task<(string? Key, SamplerPosition Position)> ResumeAsync(IObjectStore output, SoloPoseModel model, RunRecorder recorder, CancellationToken cancellationToken)
    {
        string? newest = null;
        await foreach (var info in output.ListAsync(CheckpointPrefix, cancellationToken).ConfigureAwait(false))
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

        var recorded = await recorder.RecordedCheckpointAsync(RegistryKey(output, newest), cancellationToken).ConfigureAwait(false)
            ?? throw new ObjectStoreException($"checkpoint '{newest}' in {output.Location} has no sha256 recorded for experiment {recorder.ExperimentId} in the registry, so it cannot be verified", newest);
        using var buffer = new MemoryStream();
        var source = await VerifiedObjects.OpenAsync(output, newest, recorded.Sha256, cancellationToken, recorded.Bytes).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            await source.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        }

        buffer.Position = 0;
        try
        {
            return (newest, model.Load(buffer));
        }
        catch (CheckpointException e)
        {
            throw new CheckpointException($"{output.Location}/{newest}: {e.Message}", e);
        }
    }

    /// <summary>Saves the model and sampler position under the step's key, records it, flushes the logged metrics.</summary>
    private static async Task<string> SaveCheckpointAsync(IObjectStore output, SoloPoseModel model, SamplerPosition position, RunRecorder recorder, CancellationToken cancellationToken)
    {
        var key = CheckpointKey(model.Step);
        using var buffer = new MemoryStream();
        model.Save(buffer, position);
        buffer.Position = 0;
        var stored = await VerifiedObjects.PutAsync(output, key, buffer, cancellationToken).ConfigureAwait(false);
        await recorder.CheckpointAsync(new CheckpointRecord(RegistryKey(output, key), recorder.ExperimentId, model.Step, stored.Sha256, stored.Bytes), cancellationToken).ConfigureAwait(false);
        return key;
    }

    /// <summary>
    /// A checkpoint's name in the registry: the output store's location and the key, because the registry
    /// keys checkpoints globally while two runs' outputs may hold the same relative key.
    /// </summary>
    private static string RegistryKey(IObjectStore output, string key) => $"{output.Location.TrimEnd('/')}/{key}";

    /// <summary>Mean of the per-clip metrics over the first eval-max-clips clips of the split (each clip its own sequence for MPJVE).</summary>
    private static async Task<(PoseMetricSummary Summary, int Clips)> EvaluateAsync(IObjectStore corpus, List<ShardEntry> shards, SoloPoseModel model, TrainingSettings settings, CancellationToken cancellationToken)
    {
        var options = settings.Model;
        var poseLength = options.Frames * options.Joints * 3;
        var predicted = new float[model.PoseLength(settings.Loader.BatchSize)];
        var sums = new double[6];
        var clips = 0;
        var loader = new ClipBatchLoader(EvalClipsAsync(corpus, shards, settings.EvalMaxClips, cancellationToken), options.Frames, options.Joints, options.RootJoint, settings.Loader);
        await using (loader.ConfigureAwait(false))
        {
            while (await loader.ReadAsync(cancellationToken).ConfigureAwait(false) is { } batch)
            {
                model.Predict(batch.InputSpan, batch.Count, predicted.AsSpan(0, batch.Count * poseLength));
                for (var c = 0; c < batch.Count; c++)
                {
                    var m = PoseMetrics.Evaluate(predicted.AsSpan(c * poseLength, poseLength), batch.Pose3d.AsSpan(c * poseLength, poseLength));
                    sums[0] += m.MpjpeMm;
                    sums[1] += m.PMpjpeMm;
                    sums[2] += m.NMpjpeMm;
                    sums[3] += m.MpjveMmPerFrame;
                    sums[4] += m.Pck150Percent;
                    sums[5] += m.AucPercent;
                }

                clips += batch.Count;
                loader.Return(batch);
            }
        }

        return (new PoseMetricSummary(sums[0] / clips, sums[1] / clips, sums[2] / clips, sums[3] / clips, sums[4] / clips, sums[5] / clips), clips);
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

    /// <summary>The first <paramref name="limit"/> clips of the shards, in manifest order (the same clips every evaluation).</summary>
    private static async IAsyncEnumerable<TrainingClip> EvalClipsAsync(IObjectStore corpus, List<ShardEntry> shards, int limit, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var shard in shards)
        {
            var reader = await ClipShardReader.OpenAsync(corpus, shard, cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await foreach (var clip in reader.ReadClipsAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (count++ == limit)
                    {
                        yield break;
                    }

                    yield return new TrainingClip(clip.ClipId, clip.Pose3d, clip.Pose2d, count);
                }
            }
        }
    }

    /// <summary>Rank 0's registry side of a run: the experiment and attempt rows, metrics in batches, checkpoints.</summary>
    private sealed class RunRecorder : IAsyncDisposable
    {
        private readonly ExperimentRegistry registry;
        private readonly int attempt;
        private readonly List<MetricPoint> pending = [];
        private bool ended;

        private RunRecorder(ExperimentRegistry registry, string experimentId, int attempt)
        {
            this.registry = registry;
            ExperimentId = experimentId;
            this.attempt = attempt;
        }

        public string ExperimentId { get; }

        public static async Task<RunRecorder> StartAsync(TrainingRun run, CancellationToken cancellationToken)
        {
            var registry = await ExperimentRegistry.OpenAsync(run.RegistryUrl, migrate: true, cancellationToken).ConfigureAwait(false);
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
            return new RunRecorder(registry, id, attempt);
        }

        public void Add(StepMetrics metrics)
        {
            pending.Add(new MetricPoint(metrics.Step, "train/loss", metrics.Loss));
            pending.Add(new MetricPoint(metrics.Step, "train/lr", metrics.LearningRate));
            pending.Add(new MetricPoint(metrics.Step, "train/clips_per_s", metrics.ClipsPerSecond));
            pending.Add(new MetricPoint(metrics.Step, "train/allreduce_ms", metrics.AllReduceMilliseconds));
        }

        public void AddEvaluation(long step, string split, PoseMetricSummary summary)
        {
            pending.Add(new MetricPoint(step, $"{split}/mpjpe", summary.MpjpeMm));
            pending.Add(new MetricPoint(step, $"{split}/p_mpjpe", summary.PMpjpeMm));
            pending.Add(new MetricPoint(step, $"{split}/n_mpjpe", summary.NMpjpeMm));
            pending.Add(new MetricPoint(step, $"{split}/mpjve", summary.MpjveMmPerFrame));
            pending.Add(new MetricPoint(step, $"{split}/pck150", summary.Pck150Percent));
            pending.Add(new MetricPoint(step, $"{split}/auc", summary.AucPercent));
        }

        /// <summary>The registry's record of checkpoint <paramref name="key"/> of this experiment, or null.</summary>
        public async Task<CheckpointRecord?> RecordedCheckpointAsync(string key, CancellationToken cancellationToken) =>
            (await registry.CheckpointsAsync(ExperimentId, cancellationToken).ConfigureAwait(false)).LastOrDefault(c => c.Key == key);

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
            await registry.EndAttemptAsync(ExperimentId, attempt, reason, cancellationToken).ConfigureAwait(false);
            await registry.SetExperimentStatusAsync(ExperimentId, reason == "completed" ? "completed" : "failed", cancellationToken).ConfigureAwait(false);
        }

        public ValueTask DisposeAsync() => registry.DisposeAsync();

        private async Task FlushAsync(CancellationToken cancellationToken)
        {
            if (pending.Count > 0)
            {
                await registry.RecordMetricsAsync(ExperimentId, pending, cancellationToken).ConfigureAwait(false);
                pending.Clear();
            }
        }
    }
}
