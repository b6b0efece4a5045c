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
/// Trains a SoloPose model in this process on a corpus version's train shards (repeated pass after pass),
/// checkpoints to the output store every <see cref="TrainingSettings.CheckpointEvery"/> steps and at the
/// end, resumes from the newest checkpoint there when one exists, evaluates on the val shards and
/// records the experiment, its losses, val metrics and checkpoints in the registry.
/// </summary>
public static class SingleProcessTrainer
{
    /// <summary>Prefix of checkpoint keys in the output store.</summary>
    public const string CheckpointPrefix = "checkpoints/";

    /// <summary>The checkpoint key of <paramref name="step"/>: checkpoints/step-00001000.ckpt.</summary>
    public static string CheckpointKey(long step) => string.Create(CultureInfo.InvariantCulture, $"{CheckpointPrefix}step-{step:D8}.ckpt");

    /// <summary>Runs training as <paramref name="run"/> describes.</summary>
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

        var trainShards = manifest.Shards.Where(s => s.Split == "train" && s.Clips > 0).Select(s => s.Key).ToList();
        var valShards = manifest.Shards.Where(s => s.Split == "val" && s.Clips > 0).Select(s => s.Key).ToList();
        if (trainShards.Count == 0)
        {
            throw new CorpusIncompleteException(CorpusManifest.KeyFor(run.CorpusVersion), "the corpus has no train clips");
        }

        SoloPoseModel.SetThreads(settings.Threads);
        using var model = SoloPoseModel.Create(settings.Model, settings.Device);
        if (settings.EncoderWeights.Length > 0)
        {
            model.LoadEncoder(settings.EncoderWeights);
        }

        var checkpoint = await ResumeAsync(run.Output, model, cancellationToken).ConfigureAwait(false);
        var resumedFrom = model.Step;

        await using var registry = await ExperimentRegistry.OpenAsync(run.RegistryUrl, migrate: true, cancellationToken).ConfigureAwait(false);
        var experimentId = ExperimentId(run.Output.Location, run.CorpusVersion);
        if (await registry.ExperimentAsync(experimentId, cancellationToken).ConfigureAwait(false) is null)
        {
            var spec = JsonSerializer.Serialize(new { corpus = run.CorpusVersion, output = run.Output.Location, model = settings.Model });
            await registry.CreateExperimentAsync(new ExperimentRecord(experimentId, $"train {run.CorpusVersion}", spec, "running", run.CorpusVersion), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await registry.SetExperimentStatusAsync(experimentId, "running", cancellationToken).ConfigureAwait(false);
        }

        var attempt = await registry.StartAttemptAsync(experimentId, 1, cancellationToken).ConfigureAwait(false);
        try
        {
            var losses = new List<MetricPoint>();
            double? lossFirst = null, lossLast = null;
            if (model.Step < run.TargetSteps)
            {
                var loader = new ClipBatchLoader(RepeatClipsAsync(run.Corpus, trainShards, CancellationToken.None), settings.Model.Frames, settings.Model.Joints, settings.Model.RootJoint, settings.Loader);
                await using (loader.ConfigureAwait(false))
                {
                    while (model.Step < run.TargetSteps)
                    {
                        var batch = await loader.ReadAsync(cancellationToken).ConfigureAwait(false)
                            ?? throw new InvalidOperationException("the train clip source ended");
                        var loss = model.ForwardBackward(batch.InputSpan, batch.Pose3dSpan, batch.Count);
                        model.OptimizerStep();
                        loader.Return(batch);
                        lossFirst ??= loss;
                        lossLast = loss;
                        var step = model.Step;
                        losses.Add(new MetricPoint(step, "train/loss", loss));
                        if (step % settings.CheckpointEvery == 0 || step == run.TargetSteps)
                        {
                            checkpoint = await SaveCheckpointAsync(run.Output, model, registry, experimentId, cancellationToken).ConfigureAwait(false);
                            await registry.RecordMetricsAsync(experimentId, losses, cancellationToken).ConfigureAwait(false);
                            losses.Clear();
                        }
                    }
                }
            }

            checkpoint ??= await SaveCheckpointAsync(run.Output, model, registry, experimentId, cancellationToken).ConfigureAwait(false);
            var val = valShards.Count == 0 ? null : await EvaluateAsync(run.Corpus, valShards, model, settings, cancellationToken).ConfigureAwait(false);
            if (val is not null)
            {
                await registry.RecordMetricsAsync(experimentId, ValMetrics(model.Step, val), cancellationToken).ConfigureAwait(false);
            }

            await registry.EndAttemptAsync(experimentId, attempt, "completed", cancellationToken).ConfigureAwait(false);
            await registry.SetExperimentStatusAsync(experimentId, "completed", cancellationToken).ConfigureAwait(false);
            return new TrainingResult(experimentId, model.Step, resumedFrom, lossFirst, lossLast, val, checkpoint);
        }
        catch (Exception e)
        {
            // The registry keeps why the attempt ended even when the run fails; CancellationToken.None so
            // a cancelled run is still recorded.
            await registry.EndAttemptAsync(experimentId, attempt, e is OperationCanceledException ? "cancelled" : "failed: " + e.Message, CancellationToken.None).ConfigureAwait(false);
            await registry.SetExperimentStatusAsync(experimentId, "failed", CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The metric points of a val evaluation, named val/&lt;metric&gt;.</summary>
    internal static IEnumerable<MetricPoint> ValMetrics(long step, PoseMetricSummary val) =>
    [
        new(step, "val/mpjpe", val.MpjpeMm),
        new(step, "val/p_mpjpe", val.PMpjpeMm),
        new(step, "val/n_mpjpe", val.NMpjpeMm),
        new(step, "val/mpjve", val.MpjveMmPerFrame),
        new(step, "val/pck150", val.Pck150Percent),
        new(step, "val/auc", val.AucPercent),
    ];

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

    /// <summary>Loads the newest checkpoint of the output store into the model; returns its key, or null when there is none.</summary>
    private static async Task<string?> ResumeAsync(IObjectStore output, SoloPoseModel model, CancellationToken cancellationToken)
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
            return null;
        }

        var path = Path.GetTempFileName();
        try
        {
            var source = await output.GetAsync(newest, cancellationToken).ConfigureAwait(false);
            await using (source.ConfigureAwait(false))
            {
                var file = File.Create(path);
                await using (file.ConfigureAwait(false))
                {
                    await source.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                }
            }

            model.Load(path);
            return newest;
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Saves the model to a temporary file, then puts it under its step's key and records it.</summary>
    private static async Task<string> SaveCheckpointAsync(IObjectStore output, SoloPoseModel model, ExperimentRegistry registry, string experimentId, CancellationToken cancellationToken)
    {
        var step = model.Step;
        var key = CheckpointKey(step);
        var path = Path.GetTempFileName();
        try
        {
            model.Save(path);
            var bytes = new FileInfo(path).Length;
            string sha256;
            var file = File.OpenRead(path);
            await using (file.ConfigureAwait(false))
            {
                sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken).ConfigureAwait(false));
                file.Position = 0;
                await output.PutAsync(key, file, cancellationToken).ConfigureAwait(false);
            }

            await registry.RecordCheckpointAsync(new CheckpointRecord(key, experimentId, step, sha256, bytes), cancellationToken).ConfigureAwait(false);
            return key;
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Mean of the per-clip metrics over every val clip (each clip is its own sequence for MPJVE).</summary>
    private static async Task<PoseMetricSummary> EvaluateAsync(IObjectStore corpus, List<string> shards, SoloPoseModel model, TrainingSettings settings, CancellationToken cancellationToken)
    {
        var options = settings.Model;
        var poseLength = options.Frames * options.Joints * 3;
        var predicted = new float[model.PoseLength(settings.Loader.BatchSize)];
        var sums = new double[6];
        var clips = 0;
        var loader = new ClipBatchLoader(ClipsAsync(corpus, shards, cancellationToken), options.Frames, options.Joints, options.RootJoint, settings.Loader);
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

        return new PoseMetricSummary(sums[0] / clips, sums[1] / clips, sums[2] / clips, sums[3] / clips, sums[4] / clips, sums[5] / clips);
    }

    /// <summary>The train clips pass after pass, until the loader stops reading.</summary>
    private static async IAsyncEnumerable<TrainingClip> RepeatClipsAsync(IObjectStore corpus, List<string> shards, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            await foreach (var clip in ClipsAsync(corpus, shards, cancellationToken).ConfigureAwait(false))
            {
                yield return clip;
            }
        }
    }

    /// <summary>Every clip of the shards, mapped to the Models layer's view of a clip.</summary>
    private static async IAsyncEnumerable<TrainingClip> ClipsAsync(IObjectStore corpus, List<string> shards, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var key in shards)
        {
            var reader = await ClipShardReader.OpenAsync(corpus, key, cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await foreach (var clip in reader.ReadClipsAsync(cancellationToken).ConfigureAwait(false))
                {
                    yield return new TrainingClip(clip.ClipId, clip.Pose3d, clip.Pose2d);
                }
            }
        }
    }
}
