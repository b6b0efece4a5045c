using PoseCluster.Datasets.Ingestion;
using PoseCluster.Runtime.Configuration;
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
            await CorpusRecording.BeginAsync(registry, prepared, settings, cancellationToken).ConfigureAwait(false);
            Lap("registry: datasets, version");
            try
            {
                if (npy)
                {
                    var folder = Path.GetFullPath(target.Out);
                    var report = await harmonizer.WriteNpyAsync(prepared, folder, cancellationToken).ConfigureAwait(false);
                    await CorpusRecording.CompleteAsync(registry, prepared, report, settings, null, cancellationToken).ConfigureAwait(false);
                    Lap("npy files, registry");
                    return (report, Path.Combine(folder, "corpus.json"), timings);
                }

                clock.Restart();
                var written = await harmonizer.WriteShardsAsync(prepared, cancellationToken).ConfigureAwait(false);
                timings.AddRange(harmonizer.Timings.Skip(prepareTimings));
                clock.Restart();
                var key = Storage.Shards.CorpusManifest.KeyFor(written.Document.Plan.Version);
                await CorpusRecording.CompleteAsync(registry, prepared, written, settings, key, cancellationToken).ConfigureAwait(false);
                Lap("registry: sequences, shards");
                var what = written.AlreadyComplete ? "nothing new (the version is already complete)" : $"{written.Document.Shards.Count(s => s.Version == written.Document.Plan.Version)} shards";
                return (written, $"{what} and {key} to {store.Location}", timings);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested && prepared.Existing is null)
            {
                await CorpusRecording.FailAsync(registry, prepared, settings, CancellationToken.None).ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            (store as IDisposable)?.Dispose();
        }
    }
}
