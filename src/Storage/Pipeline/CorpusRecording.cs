using PoseCluster.Datasets;
using PoseCluster.Datasets.Ingestion;
using PoseCluster.Storage.Registry;

namespace PoseCluster.Storage.Pipeline;

/// <summary>
/// Records a corpus build in the registry (ARCHITECTURE §5), in three steps (begin, sequences, complete;
/// the first two may run while the shards are written): the datasets with their kind, cheap
/// fingerprint and file fingerprints, the version (building, then complete or failed) with its parent,
/// reuse decision and per-dataset sums, every sequence with its stage-1 and stage-2 results, and every
/// shard the version lists (its own, and those it keeps from its parent). Every write is an upsert, so
/// recording the same build twice changes nothing.
/// </summary>
public static class CorpusRecording
{
    /// <summary>The previous file fingerprints of each dataset recorded from the same folder (the input of the cheap scan).</summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<FileFingerprint>>> PreviousFilesAsync(
        ExperimentRegistry registry, IEnumerable<DatasetSource> datasets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(datasets);
        var recorded = (await registry.DatasetsAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(d => d.Name, StringComparer.Ordinal);
        var previous = new Dictionary<string, IReadOnlyList<FileFingerprint>>(StringComparer.Ordinal);
        foreach (var dataset in datasets)
        {
            if (recorded.TryGetValue(dataset.Name, out var record) && record.Source == dataset.Directory
                && (record.Kind is null || record.Kind == DatasetKinds.NameOf(dataset.Kind)))
            {
                previous[dataset.Name] = await registry.DatasetFilesAsync(dataset.Name, cancellationToken).ConfigureAwait(false);
            }
        }

        return previous;
    }

    /// <summary>Records the datasets and the version as building (before any shard is written).</summary>
    public static async Task BeginAsync(ExperimentRegistry registry, PreparedCorpus prepared, CorpusSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(prepared);
        foreach (var dataset in prepared.Datasets)
        {
            var source = dataset.Source;
            await registry.UpsertDatasetAsync(
                new DatasetRecord(source.Name, dataset.ContentHash, source.Directory, DatasetKinds.NameOf(source.Kind), dataset.CheapFingerprint), cancellationToken).ConfigureAwait(false);
            await registry.ReplaceDatasetFilesAsync(source.Name, dataset.Files, cancellationToken).ConfigureAwait(false);
        }

        await registry.UpsertCorpusVersionAsync(Version(prepared, settings, prepared.Existing is null ? "building" : "complete"), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records every sequence of the version with its stage-1 and stage-2 results (known once the version is prepared).</summary>
    public static Task SequencesAsync(ExperimentRegistry registry, PreparedCorpus prepared, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(prepared);
        var version = prepared.Plan.Version;
        // Rejections first: a duplicate has the key of the sequence it duplicates, whose row must win.
        var records = prepared.Sequences.OrderBy(s => s.RejectReason is null).Select(s => Sequence(version, s)).ToList();
        return registry.UpsertSequencesAsync(records, cancellationToken);
    }

    /// <summary>Records the shards the version lists and marks it complete (after <see cref="BeginAsync"/> and <see cref="SequencesAsync"/>).</summary>
    public static async Task CompleteAsync(ExperimentRegistry registry, PreparedCorpus prepared, HarmonizeReport report, CorpusSettings settings, string? manifestKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(prepared);
        ArgumentNullException.ThrowIfNull(report);
        var version = prepared.Plan.Version;
        foreach (var shard in report.Document.Shards.Where(s => s.Version == version))
        {
            await registry.UpsertShardAsync(new ShardRecord(version, shard.Key, shard.Split, shard.Clips, shard.Bytes, shard.Sha256, shard.Dataset), cancellationToken).ConfigureAwait(false);
        }

        foreach (var shard in report.Document.Shards.Where(s => s.Version != version))
        {
            // A kept shard is recorded under the version that wrote it (when that version was built
            // elsewhere, this registry learns of it here) and linked to this one.
            await registry.UpsertShardAsync(new ShardRecord(shard.Version, shard.Key, shard.Split, shard.Clips, shard.Bytes, shard.Sha256, shard.Dataset), cancellationToken)
                .ConfigureAwait(false);
            await registry.LinkShardAsync(version, shard.Key, cancellationToken).ConfigureAwait(false);
        }

        await registry.UpsertCorpusVersionAsync(Version(prepared, settings, "complete") with { ManifestKey = manifestKey }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Marks the version failed.</summary>
    public static Task FailAsync(ExperimentRegistry registry, PreparedCorpus prepared, CorpusSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(prepared);
        return registry.UpsertCorpusVersionAsync(Version(prepared, settings, "failed"), cancellationToken);
    }

    private static CorpusVersionRecord Version(PreparedCorpus prepared, CorpusSettings settings, string status)
    {
        // A version already built keeps the lineage it was built with.
        var plan = prepared.Existing?.Plan ?? prepared.Plan;
        var reused = plan.ReusedDatasets.ToHashSet(StringComparer.Ordinal);
        return new CorpusVersionRecord(
            plan.Version, plan.ConfigHash, settings.Stage2.WindowLength, settings.Stage2.WindowStride, plan.Ms, plan.Msp, status,
            prepared.Existing is null ? null : Shards.CorpusManifest.KeyFor(plan.Version),
            plan.Datasets.ToDictionary(d => d.Name, d => d.ContentHash, StringComparer.Ordinal),
            plan.Parent, plan.ReusedVersion, plan.DerivedMs, plan.DerivedMsp, plan.MovedMm,
            [.. plan.Datasets.Select(d => new CorpusDatasetRecord(d.Name, d.Kind, d.ShoulderWidthSumMm, d.ShoulderToPelvisSumMm, d.Frames, reused.Contains(d.Name)))]);
    }

    private static SequenceRecord Sequence(string version, SequenceOutcome outcome)
    {
        var sequence = outcome.Sequence;
        var s = sequence.Stage1;
        var accepted = outcome.RejectReason is null;
        return new SequenceRecord(
            version, sequence.Dataset, s.Subject, s.Action, s.Camera, s.Frames, accepted ? outcome.Projection!.Windows : 0,
            accepted ? "ok" : "rejected", outcome.RejectReason,
            sequence.Location.Unit, sequence.Location.ContentHash.Length > 0 ? sequence.Location.ContentHash : null, outcome.Stage1Status.ToString().ToLowerInvariant(),
            s.KeyFrame >= 0 ? s.KeyFrame : null, s.SumFrames > 0 ? s.ShoulderWidthSumMm : null, s.SumFrames > 0 ? s.ShoulderToPelvisSumMm : null,
            s.SumFrames > 0 ? s.SumFrames : null, accepted ? outcome.Projection!.RmsdMm : null, outcome.Projection?.Split);
    }
}
