using System.Collections.Concurrent;
using PoseCluster.Datasets;
using PoseCluster.Datasets.AugMotion;
using PoseCluster.Datasets.Ingestion;
using PoseCluster.Datasets.Pipeline;
using PoseCluster.Datasets.Sources;
using PoseCluster.Storage.Objects;
using PoseCluster.Storage.Shards;

namespace PoseCluster.Storage.Pipeline;

/// <summary>
/// The one-process corpus build (<c>posecluster harmonize</c>) through the same stage functions the
/// actors call (docs/AUGMOTION.md): scan each dataset cheaply, stage 1 per unit against the cache
/// (<see cref="Stage1Runner"/>), the version and its reuse decision (<see cref="CorpusVersions"/>),
/// stage 2 per sequence (<see cref="Stage2"/>), the deterministic layout (<see cref="ShardLayout"/>),
/// one shard writer per shard (<see cref="ShardWriting"/>), then corpus.json, version.json and the
/// manifest last. Work runs on up to <see cref="Stage1Settings.Parallelism"/> cores; the bytes do not
/// depend on how many.
/// </summary>
public sealed class CorpusHarmonizer
{
    private readonly IObjectStore _store;
    private readonly CorpusSettings _settings;
    private readonly IRawFileReader _reader;
    private readonly Stage1Cache _cache;
    private readonly Stage1MemoryFrames _memory;
    private readonly ConcurrentQueue<PhaseTiming> _timings = new();
    private Stage1Runner? _runner;

    /// <summary>A build into <paramref name="store"/> (which also holds the stage-1 cache).</summary>
    public CorpusHarmonizer(IObjectStore store, CorpusSettings settings, IRawFileReader? reader = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Stage1.AugMotion.Validate();
        settings.Stage2.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Stage1.Parallelism, 1);
        _store = store;
        _settings = settings;
        _reader = reader ?? DiskRawFileReader.Instance;
        _cache = new Stage1Cache(store);
        _memory = new Stage1MemoryFrames(_cache, settings.MemoryBudgetBytes);
    }

    /// <summary>How long each phase of the build took so far (wall clock), in order: for benchmarks and profiles.</summary>
    public IReadOnlyList<PhaseTiming> Timings => [.. _timings];

    /// <summary>
    /// Scans, runs stage 1, plans the version and its shards; writes only the stage-1 cache. Stage-1 entries
    /// whose frames this process holds may still be on their way to the store when it returns (they overlap
    /// the shard writers): <see cref="WriteShardsAsync"/> and <see cref="WriteNpyAsync"/> wait for them, and
    /// so does <see cref="WhenStage1StoredAsync"/>.
    /// </summary>
    /// <exception cref="HarmonizationException">No dataset has a usable frame.</exception>
    /// <exception cref="ArgumentException">Two datasets share a name, or the parent is not a complete version in the store.</exception>
    public async Task<PreparedCorpus> PrepareAsync(HarmonizeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Datasets.GroupBy(d => d.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new ArgumentException($"dataset {twice.Key} is given more than once", nameof(request));
        }

        var parallel = _settings.Stage1.Parallelism;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var scans = new DatasetScan[request.Datasets.Count];
        await Parallel.ForAsync(0, scans.Length, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var source = request.Datasets[i];
            var previous = request.PreviousFiles?.GetValueOrDefault(source.Name);
            scans[i] = await DatasetScanner.ScanAsync(source, DatasetLoaders.Create(source.Kind, _settings.Stage1.Loaders), previous, _reader, ct).ConfigureAwait(false);
        }).ConfigureAwait(false);

        Lap("scan", clock);

        // Stage 1: every unit of every dataset, the biggest first so that the cores stay busy to the end.
        var runner = _runner = new Stage1Runner(_cache, _settings.Stage1, _reader, _memory, deferStores: true);
        var work = scans.SelectMany(scan => scan.Layout.Units.Select(unit => (Scan: scan, Unit: unit)))
            .OrderByDescending(w => w.Unit.SkipReason is null ? w.Unit.Files.Sum(f => w.Scan.Files.FirstOrDefault(x => x.Path == f)?.Bytes ?? 0) : 0)
            .ToList();
        var outcomes = new ConcurrentBag<(DatasetScan Scan, Stage1UnitOutcome Outcome)>();
        try
        {
            await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken }, async (w, ct) =>
                outcomes.Add((w.Scan, await runner.RunAsync(w.Scan.Source, w.Unit, w.Scan.KnownContentHash(w.Unit), ct).ConfigureAwait(false)))).ConfigureAwait(false);
            Lap("stage 1", clock);
            return await PlanAsync(request, scans, outcomes, clock, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Nothing keeps running after a failed plan: the stage-1 entries still on their way are stored first.
            await IgnoreFailureAsync(WhenStage1StoredAsync()).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<PreparedCorpus> PlanAsync(
        HarmonizeRequest request, DatasetScan[] scans, ConcurrentBag<(DatasetScan Scan, Stage1UnitOutcome Outcome)> outcomes, System.Diagnostics.Stopwatch clock, CancellationToken cancellationToken)
    {
        var fingerprints = scans.Select(scan => scan.Complete(outcomes.Where(o => o.Scan == scan).SelectMany(o => o.Outcome.Files))).ToList();
        var sequences = new List<(CorpusSequence Sequence, Stage1UnitStatus Status)>();
        foreach (var (scan, outcome) in outcomes)
        {
            var location = outcome.Location ?? new Stage1Location("", "", outcome.Unit);
            sequences.AddRange(outcome.Sequences.Select(s => (new CorpusSequence(scan.Source.Name, scan.Source.Kind, location, s), outcome.Status)));
        }

        var status = sequences.ToDictionary(s => (s.Sequence.Location.Unit, s.Sequence.Dataset, s.Sequence.Stage1.Index), s => s.Status);
        var selection = Stage2.Select(sequences.Select(s => s.Sequence));
        var sums = selection.DatasetSums(request.Datasets.Select(d => d.Name));
        var datasets = fingerprints.Select(f => new VersionDataset(
            f.Source.Name, DatasetKinds.NameOf(f.Source.Kind), f.ContentHash, sums[f.Source.Name].ShoulderWidthSumMm, sums[f.Source.Name].ShoulderToPelvisSumMm, sums[f.Source.Name].Frames)).ToList();
        if (datasets.Sum(d => d.Frames) == 0)
        {
            throw new HarmonizationException(
                string.Join(", ", request.Datasets.Select(d => d.Name)), $"no sequence has a usable frame ({selection.Rejected.Count} rejected), so there is no canonical triangle");
        }

        var parent = await ParentAsync(request.Parent, cancellationToken).ConfigureAwait(false);
        var config = _settings.Config();
        var plan = CorpusVersions.Plan(datasets, config.Hash, parent?.ToParent(), _settings.ReuseToleranceMm, request.Version);
        var existing = plan.SameAsParent ? parent : await CorpusVersionDocument.ReadCompleteAsync(_store, plan.Version, cancellationToken).ConfigureAwait(false);

        var triangle = plan.Triangle();
        var outcomesBySequence = new List<SequenceOutcome>();
        var projected = new List<(CorpusSequence, SequenceProjection)>();
        foreach (var sequence in selection.Accepted)
        {
            var projection = Stage2.Project(sequence, triangle, _settings.Stage2);
            outcomesBySequence.Add(new SequenceOutcome(sequence, projection, StatusOf(status, sequence), projection.RejectReason));
            if (projection.RejectReason is null)
            {
                projected.Add((sequence, projection));
            }
        }

        outcomesBySequence.AddRange(selection.Rejected.Select(r => new SequenceOutcome(r.Sequence, null, StatusOf(status, r.Sequence), r.Reason)));
        var layout = existing is null ? ShardLayout.Plan(plan.Version, projected, _settings.Stage2, plan.ReusedDatasets.ToHashSet(StringComparer.Ordinal)) : [];
        var counts = new Stage1Counts(
            outcomes.Count(o => o.Outcome.Status == Stage1UnitStatus.Computed),
            outcomes.Count(o => o.Outcome.Status == Stage1UnitStatus.Cached),
            outcomes.Where(o => o.Outcome.Status == Stage1UnitStatus.Computed).Sum(o => o.Outcome.SequencesComputed),
            outcomes.Where(o => o.Outcome.Status == Stage1UnitStatus.Cached).Sum(o => o.Outcome.Sequences.Count(s => s.Frames > 0)),
            outcomesBySequence.Count(o => o.RejectReason is not null));
        Lap("version, stage 2, layout", clock);
        return new PreparedCorpus(fingerprints, plan, existing, parent, [.. outcomesBySequence.OrderBy(o => o.Sequence.Key)], layout, counts);
    }

    /// <summary>
    /// Writes the shards of a prepared version (one shard writer per planned shard), corpus.json,
    /// version.json and the manifest last. A version already complete is not written again.
    /// </summary>
    public async Task<HarmonizeReport> WriteShardsAsync(PreparedCorpus prepared, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        var plan = prepared.Plan;
        if (prepared.Existing is { } existing)
        {
            await FlushStage1Async().ConfigureAwait(false);
            return new HarmonizeReport(existing, CorpusPublisher.CorpusJson(prepared.Plan, prepared.Sequences, CorpusPublisher.ShardFolders(existing.Shards)), prepared.Datasets, prepared.Sequences, AlreadyComplete: true, prepared.Counts);
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var metadata = ShardWriting.Metadata(plan.Version, _settings.Stage2, plan.Ms, plan.Msp);
        var written = new ConcurrentBag<VersionShard>();
        // One writer more than cores: a writer whose bytes are all handed over waits for the store to make
        // them durable (a folder store flushes to disk), and that wait should not leave a core idle.
        var options = new ParallelOptions { MaxDegreeOfParallelism = _settings.Stage1.Parallelism + 1, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(prepared.Shards.OrderByDescending(s => s.Clips), options, async (shard, ct) =>
            written.Add(await ShardWriting.WriteAsync(_store, shard, metadata, _settings.Stage2, _memory, ct).ConfigureAwait(false))).ConfigureAwait(false);

        // The stage-1 cache entries stored while the shards were written must be complete before the
        // manifest says the version is.
        await FlushStage1Async().ConfigureAwait(false);
        Lap("shards", clock);
        var reused = (prepared.Parent?.Shards ?? []).Where(s => plan.ReusedDatasets.Contains(s.Dataset)).ToList();
        var shards = reused.Concat(written).OrderBy(s => s.Key, StringComparer.Ordinal).ToList();
        var document = new CorpusVersionDocument(
            plan, shards, prepared.Counts,
            prepared.Sequences.Count(s => s.RejectReason is null && !plan.ReusedDatasets.Contains(s.Sequence.Dataset)),
            reused.Sum(s => s.Clips), written.Sum(s => s.Clips), DateTimeOffset.UtcNow);
        var corpus = CorpusPublisher.CorpusJson(plan, prepared.Sequences, CorpusPublisher.ShardFolders(shards));
        await CorpusPublisher.PublishAsync(_store, document, corpus, _settings.Stage2, cancellationToken).ConfigureAwait(false);
        Lap("documents", clock);
        return new HarmonizeReport(document, corpus, prepared.Datasets, prepared.Sequences, AlreadyComplete: false, prepared.Counts);
    }

    /// <summary>
    /// Writes a prepared version as one npy file per sequence under <paramref name="folder"/>
    /// (<see cref="NpySequenceSink"/>) and <c>corpus.json</c> beside them; no shards, no version documents.
    /// </summary>
    public async Task<HarmonizeReport> WriteNpyAsync(PreparedCorpus prepared, string folder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        var sink = new NpySequenceSink(folder);
        var files = new ConcurrentDictionary<SequenceKey, string>();
        var accepted = prepared.Sequences.Where(s => s.RejectReason is null).ToList();
        var options = new ParallelOptions { MaxDegreeOfParallelism = _settings.Stage1.Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(accepted.GroupBy(s => s.Sequence.Location), options, async (unit, ct) =>
        {
            var payloads = await _memory.ReadAsync(unit.Key, unit.Select(s => s.Sequence.Stage1), ct).ConfigureAwait(false);
            foreach (var outcome in unit)
            {
                var harmonized = Harmonized(outcome, payloads[outcome.Sequence.Stage1.Index]);
                files[outcome.Sequence.Key] = await sink.WriteAsync(harmonized, ct).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);

        await FlushStage1Async().ConfigureAwait(false);
        var corpus = CorpusPublisher.CorpusJson(prepared.Plan, prepared.Sequences, outcome => files[outcome.Sequence.Key]);
        await File.WriteAllTextAsync(Path.Combine(folder, "corpus.json"), corpus.ToJson(), cancellationToken).ConfigureAwait(false);
        var document = new CorpusVersionDocument(prepared.Plan, [], prepared.Counts, accepted.Count, 0, 0, DateTimeOffset.UtcNow);
        return new HarmonizeReport(document, corpus, prepared.Datasets, prepared.Sequences, AlreadyComplete: false, prepared.Counts);
    }

    /// <summary>Completes when every stage-1 cache entry of <see cref="PrepareAsync"/> is stored (rethrowing a failure).</summary>
    public Task WhenStage1StoredAsync() => _runner?.FlushAsync() ?? Task.CompletedTask;

    private Task FlushStage1Async() => WhenStage1StoredAsync();

    private static async Task IgnoreFailureAsync(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The caller reports its own failure.
        }
    }

    private void Lap(string phase, System.Diagnostics.Stopwatch clock)
    {
        _timings.Enqueue(new PhaseTiming(phase, clock.Elapsed.TotalSeconds));
        clock.Restart();
    }

    private HarmonizedSequence Harmonized(SequenceOutcome outcome, Stage1Payload payload)
    {
        var sequence = outcome.Sequence;
        var stage1 = sequence.Stage1;
        var projection = outcome.Projection!;
        var transform = projection.Transform();
        var positions = new float[payload.Positions.Length];
        transform.ApplyToPoints(payload.Positions, positions);
        var pose = new PoseSequence(sequence.Dataset, stage1.Subject, stage1.Action, stage1.Camera, stage1.Fps, SequenceHarmonizer.UniversalUp, positions, payload.Valid, payload.Keypoints2D);
        return new HarmonizedSequence(pose, stage1.KeyFrame, transform, projection.RmsdMm, projection.Split, _settings.Stage2.WindowLength,
            Datasets.Windows.WindowPlanner.StartsFromRuns(stage1.ValidRuns, _settings.Stage2.WindowLength, _settings.Stage2.WindowStride));
    }

    private async Task<CorpusVersionDocument?> ParentAsync(string? parent, CancellationToken cancellationToken)
    {
        if (parent is null)
        {
            return null;
        }

        if (parent == "latest")
        {
            return await CorpusVersionDocument.ReadLatestAsync(_store, cancellationToken).ConfigureAwait(false);
        }

        return await CorpusVersionDocument.ReadCompleteAsync(_store, parent, cancellationToken).ConfigureAwait(false)
            ?? throw new ArgumentException($"parent version {parent} is not a complete corpus version in {_store.Location}", nameof(parent));
    }

    private static Stage1UnitStatus StatusOf(Dictionary<(string, string, int), Stage1UnitStatus> status, CorpusSequence sequence) =>
        status.GetValueOrDefault((sequence.Location.Unit, sequence.Dataset, sequence.Stage1.Index), Stage1UnitStatus.Computed);

}
