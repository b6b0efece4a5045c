using PoseCluster.Datasets.Ingestion;
using PoseCluster.Configuration;
using PoseCluster.Storage.Objects;
using PoseCluster.Storage.Pipeline;
using PoseCluster.Storage.Registry;

namespace PoseCluster.Host.Cli;

/// <summary>
/// Runs the one-process corpus build (<see cref="CorpusHarmonizer"/>) into the chosen output (Arrow
/// shards in an object store, or npy files) and records it in the registry (<see cref="CorpusRecording"/>):
/// the datasets with their file fingerprints (so the next run reads only changed files), the corpus
/// version (building, then complete or failed) with its lineage, every sequence and the shards.
/// </summary>
internal static class HarmonizeOutput
{
    public static async Task<(HarmonizeReport Report, string Written, IReadOnlyList<PhaseTiming> Timings)> RunAsync(
        HarmonizeTarget target, IReadOnlyList<DatasetSource> datasets, CorpusSettings settings, Config config, CancellationToken cancellationToken)
    {
        var npy = target.Format == "npy";
        if (npy && target.Out.Contains("://", StringComparison.Ordinal))
        {
            throw new BadInputException($"--out {target.Out}: --format npy writes to a folder");
        }

        if (npy && target.Parent is not null)
        {
            throw new BadInputException("--parent builds on a parent's shards: it needs --format arrow");
        }

        var store = npy ? ObjectStores.Folder(Path.GetFullPath(target.Out)) : StorageSettings.ObjectStore(target.Out, config);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var timings = new List<PhaseTiming>();
        void Lap(string phase)
        {
            timings.Add(new PhaseTiming(phase, clock.Elapsed.TotalSeconds));
            clock.Restart();
        }

        try
        {
            await using var registry = await ExperimentRegistry.OpenAsync(target.RegistryUrl, migrate: true, cancellationToken).ConfigureAwait(false);
            var previous = await CorpusRecording.PreviousFilesAsync(registry, datasets, cancellationToken).ConfigureAwait(false);
            Lap("registry: open, previous fingerprints");
            var harmonizer = new CorpusHarmonizer(store, settings);
            PreparedCorpus prepared;
            try
            {
                prepared = await harmonizer.PrepareAsync(new HarmonizeRequest(datasets, target.Parent, target.CorpusVersion, previous), cancellationToken).ConfigureAwait(false);
            }
            catch (ArgumentException e) when (e.ParamName is "parent" or "request")
            {
                throw new BadInputException(e.Message[..(e.Message.IndexOf(" (Parameter", StringComparison.Ordinal) is var i and >= 0 ? i : e.Message.Length)]);
            }

            var prepareTimings = harmonizer.Timings.Count;
            timings.AddRange(harmonizer.Timings);
            clock.Restart();
            // The registry learns of the version and its sequences while the shards are being written.
            var recording = Task.Run(async () =>
            {
                await CorpusRecording.BeginAsync(registry, prepared, settings, cancellationToken).ConfigureAwait(false);
                await CorpusRecording.SequencesAsync(registry, prepared, cancellationToken).ConfigureAwait(false);
            }, cancellationToken);
            try
            {
                HarmonizeReport report;
                string written;
                if (npy)
                {
                    var folder = Path.GetFullPath(target.Out);
                    report = await harmonizer.WriteNpyAsync(prepared, folder, cancellationToken).ConfigureAwait(false);
                    await recording.ConfigureAwait(false);
                    await CorpusRecording.CompleteAsync(registry, prepared, report, settings, null, cancellationToken).ConfigureAwait(false);
                    Lap("npy files, registry");
                    return (report, Path.Combine(folder, "corpus.json"), timings);
                }

                report = await harmonizer.WriteShardsAsync(prepared, cancellationToken).ConfigureAwait(false);
                timings.AddRange(harmonizer.Timings.Skip(prepareTimings));
                clock.Restart();
                await recording.ConfigureAwait(false);
                var key = Storage.Shards.CorpusManifest.KeyFor(report.Document.Plan.Version);
                await CorpusRecording.CompleteAsync(registry, prepared, report, settings, key, cancellationToken).ConfigureAwait(false);
                Lap("registry: shards, complete");
                var own = report.Document.Shards.Count(s => s.Version == report.Document.Plan.Version);
                written = report.AlreadyComplete ? "nothing new (the version is already complete)" : $"{own} shards";
                return (report, $"{written} and {key} to {store.Location}", timings);
            }
            catch (Exception)
            {
                try
                {
                    await recording.ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // The build's own failure is the one to report.
                }

                if (!cancellationToken.IsCancellationRequested && prepared.Existing is null)
                {
                    await CorpusRecording.FailAsync(registry, prepared, settings, CancellationToken.None).ConfigureAwait(false);
                }

                throw;
            }
        }
        finally
        {
            (store as IDisposable)?.Dispose();
        }
    }
}
