using System.Collections.Concurrent;
using PoseCluster.Datasets;
using PoseCluster.Datasets.Ingestion;
using PoseCluster.Datasets.Pipeline;
using PoseCluster.Datasets.Sources;

namespace PoseCluster.Storage.Pipeline;

/// <summary>
/// Stage 1 of one unit against the cache (docs/AUGMOTION.md, "Stage 1"). With the unit's content hash
/// known from an unchanged cheap fingerprint, a cached unit is found without reading a byte of it.
/// Otherwise its files are read once (hashed while they are read) and looked up; only on a miss is the unit parsed, every
/// sequence computed (on up to <see cref="Stage1Settings.Parallelism"/> cores) and the result stored.
/// A rerun with the same bytes and settings computes nothing. Idempotent: the same unit computed twice
/// (at-least-once delivery) stores the same bytes under the same keys.
/// </summary>
/// <param name="cache">The stage-1 cache.</param>
/// <param name="settings">Loader, key-frame and parallelism settings.</param>
/// <param name="reader">How raw files are read.</param>
/// <param name="memory">Where computed frames are also kept for this process's shard writers, or null.</param>
/// <param name="deferStores">
/// When true, a unit whose frames <paramref name="memory"/> holds returns before its cache entry is stored,
/// so the store's writes overlap the next work; <see cref="FlushAsync"/> waits for them (the one-process
/// build calls it before the manifest). Actors leave it false: a unit is acknowledged once it is stored.
/// </param>
public sealed class Stage1Runner(Stage1Cache cache, Stage1Settings settings, IRawFileReader reader, Stage1MemoryFrames? memory = null, bool deferStores = false)
{
    private readonly ConcurrentDictionary<DatasetKind, Stage1Config> _configs = new();
    private readonly ConcurrentBag<Task> _stores = [];

    /// <summary>The stage-1 settings of a kind (its config hash keys the cache).</summary>
    public Stage1Config ConfigOf(DatasetKind kind) => _configs.GetOrAdd(kind, k => Stage1Config.For(k, settings.Loaders, settings.AugMotion));

    /// <summary>Runs stage 1 of <paramref name="unit"/> of <paramref name="source"/>.</summary>
    /// <param name="source">The dataset.</param>
    /// <param name="unit">The unit (from the dataset's layout).</param>
    /// <param name="knownContentHash">The unit's content hash when its files are unchanged since they were last hashed, else null.</param>
    /// <param name="cancellationToken">Cancels the run; nothing half-written is left under a cache key.</param>
    /// <param name="computed">
    /// Called with the outcome of a unit computed by this call as soon as it is computed, while its cache entry is
    /// still being stored (the call itself returns once it is stored), so a caller can go on with the small
    /// per-sequence records meanwhile. Not called for a cached, skipped or unreadable unit.
    /// </param>
    public async Task<Stage1UnitOutcome> RunAsync(
        DatasetSource source, SourceUnit unit, string? knownContentHash, CancellationToken cancellationToken, Action<Stage1UnitOutcome>? computed = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(unit);
        var layout = new DatasetLayout(source.Kind, source.Directory, new Dictionary<string, string>(), [unit]);
        if (unit.SkipReason is { } skip)
        {
            return Rejected(unit, Stage1UnitStatus.Skipped, [], SourcePaths.RelativeText(source.Directory, skip));
        }

        var config = ConfigOf(source.Kind);
        if (knownContentHash is not null)
        {
            var known = new Stage1Location(config.Hash, knownContentHash, unit.Id);
            if (await cache.TryReadIndexAsync(known, cancellationToken).ConfigureAwait(false) is { } index)
            {
                return Cached(known, index);
            }
        }

        UnitFiles files;
        try
        {
            files = await Task.Run(() => UnitFiles.Read(source.Directory, unit, reader), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DatasetFormatException or IOException or UnauthorizedAccessException)
        {
            return Rejected(unit, Stage1UnitStatus.Unreadable, [], SourcePaths.RelativeText(source.Directory, SourcePaths.Reason(layout.FullPath(unit.Id), e)));
        }

        var loader = DatasetLoaders.Create(source.Kind, settings.Loaders);
        var hashes = files.Hashes;
        var location = new Stage1Location(config.Hash, ContentHashes.Unit(unit, hashes.ToDictionary(h => h.Path, StringComparer.Ordinal)), unit.Id);
        if (location.ContentHash != knownContentHash && await cache.TryReadIndexAsync(location, cancellationToken).ConfigureAwait(false) is { } hit)
        {
            return Cached(location, hit);
        }

        var results = await Task.Run(() => Stage1.ComputeUnit(loader, layout, unit, files, settings.AugMotion, settings.Parallelism, cancellationToken), cancellationToken).ConfigureAwait(false);
        var sequences = results.Select(r => r.Sequence).ToList();
        var stored = new Stage1UnitIndex(
            Stage1UnitIndex.CurrentFormat, DatasetKinds.NameOf(source.Kind), config.Hash, unit.Id, location.ContentHash, hashes,
            results.Sum(r => r.Payload is null ? 0 : r.Sequence.Block?.Bytes ?? 0), sequences);
        var outcome = new Stage1UnitOutcome(unit.Id, Stage1UnitStatus.Computed, location, hashes, sequences.Count(s => s.Frames > 0), sequences);
        computed?.Invoke(outcome);
        if (deferStores && memory?.TryHold(location, results) == true)
        {
            _stores.Add(Task.Run(() => cache.WriteAsync(location, stored, results, cancellationToken), cancellationToken));
        }
        else
        {
            await cache.WriteAsync(location, stored, results, cancellationToken).ConfigureAwait(false);
            memory?.TryHold(location, results);
        }

        return outcome;
    }

    /// <summary>Waits until every deferred cache entry is stored (rethrowing the first failure).</summary>
    public Task FlushAsync() => Task.WhenAll(_stores);

    private static Stage1UnitOutcome Cached(Stage1Location location, Stage1UnitIndex index) =>
        new(location.Unit, Stage1UnitStatus.Cached, location, index.Files, 0, index.Sequences);

    private static Stage1UnitOutcome Rejected(SourceUnit unit, Stage1UnitStatus status, IReadOnlyList<FileHash> files, string reason) =>
        new(unit.Id, status, null, files, 0, [Stage1Sequence.Rejected(0, unit.Subject, unit.Action, unit.Camera, unit.Id, reason)]);
}
