using System.Data.Common;
using PoseCluster.Datasets.Ingestion;

namespace PoseCluster.Storage.Registry;

/// <summary>Datasets, their files, corpus versions, sequences and shards.</summary>
public sealed partial class ExperimentRegistry
{
    /// <summary>Records a dataset, or updates its content hash, source, kind and fingerprint.</summary>
    public Task UpsertDatasetAsync(DatasetRecord dataset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return RunAsync("record dataset " + dataset.Name, connection => ExecuteAsync(connection, null,
            "INSERT INTO datasets (name, content_hash, source, registered_at, kind, fingerprint) VALUES (@name, @hash, @source, @at, @kind, @fingerprint) " +
            "ON CONFLICT (name) DO UPDATE SET content_hash = excluded.content_hash, source = excluded.source, kind = excluded.kind, fingerprint = excluded.fingerprint",
            cancellationToken, ("name", dataset.Name), ("hash", dataset.ContentHash), ("source", dataset.Source), ("at", Now()),
            ("kind", dataset.Kind), ("fingerprint", dataset.Fingerprint)), cancellationToken);
    }

    /// <summary>Every recorded dataset by name.</summary>
    public Task<List<DatasetRecord>> DatasetsAsync(CancellationToken cancellationToken) =>
        RunAsync("list datasets", connection => QueryAsync(connection,
            "SELECT name, content_hash, source, kind, fingerprint FROM datasets ORDER BY name",
            r => new DatasetRecord(r.GetString(0), r.GetString(1), r.GetString(2), Text(r, 3), Text(r, 4)), cancellationToken), cancellationToken);

    /// <summary>Replaces the recorded files of a (recorded) dataset with <paramref name="files"/>; files without a SHA-256 are left out.</summary>
    public Task ReplaceDatasetFilesAsync(string dataset, IReadOnlyList<FileFingerprint> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        return RunAsync("record the files of dataset " + dataset, async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, "DELETE FROM dataset_files WHERE dataset = @dataset", cancellationToken, ("dataset", dataset)).ConfigureAwait(false);
            foreach (var file in files.Where(f => f.Sha256 is not null))
            {
                await ExecuteAsync(connection, transaction,
                    "INSERT INTO dataset_files (dataset, path, bytes, modified_ticks, header_hash, sha256) VALUES (@dataset, @path, @bytes, @modified, @header, @sha)",
                    cancellationToken, ("dataset", dataset), ("path", file.Path), ("bytes", file.Bytes), ("modified", file.ModifiedTicks),
                    ("header", file.HeaderHash), ("sha", file.Sha256)).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <summary>The recorded files of a dataset in path order (empty when none).</summary>
    public Task<List<FileFingerprint>> DatasetFilesAsync(string dataset, CancellationToken cancellationToken) =>
        RunAsync("list the files of dataset " + dataset, connection => QueryAsync(connection,
            "SELECT path, bytes, modified_ticks, header_hash, sha256 FROM dataset_files WHERE dataset = @dataset ORDER BY path",
            r => new FileFingerprint(r.GetString(0), Long(r, 1), Long(r, 2), r.GetString(3), r.GetString(4)), cancellationToken, ("dataset", dataset)), cancellationToken);

    /// <summary>Records a corpus version and its datasets (which must be recorded), or updates its status, triangle, lineage and manifest.</summary>
    public Task UpsertCorpusVersionAsync(CorpusVersionRecord corpus, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        return RunAsync("record corpus version " + corpus.Version, async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction,
                "INSERT INTO corpus_versions (version, config_hash, window_length, stride, ms, msp, status, manifest_key, created_at, parent_version, reused_version, derived_ms, derived_msp, moved_mm) " +
                "VALUES (@version, @config, @window, @stride, @ms, @msp, @status, @manifest, @at, @parent, @reused, @dms, @dmsp, @moved) " +
                "ON CONFLICT (version) DO UPDATE SET status = excluded.status, ms = excluded.ms, msp = excluded.msp, manifest_key = excluded.manifest_key, " +
                "parent_version = excluded.parent_version, reused_version = excluded.reused_version, derived_ms = excluded.derived_ms, derived_msp = excluded.derived_msp, moved_mm = excluded.moved_mm",
                cancellationToken, ("version", corpus.Version), ("config", corpus.ConfigHash), ("window", corpus.WindowLength), ("stride", corpus.Stride),
                ("ms", corpus.Ms), ("msp", corpus.Msp), ("status", corpus.Status), ("manifest", corpus.ManifestKey), ("at", Now()),
                ("parent", corpus.ParentVersion), ("reused", corpus.ReusedVersion), ("dms", corpus.DerivedMs), ("dmsp", corpus.DerivedMsp), ("moved", corpus.MovedMm)).ConfigureAwait(false);
            var sums = (corpus.DatasetSums ?? []).ToDictionary(d => d.Dataset, StringComparer.Ordinal);
            foreach (var (dataset, hash) in corpus.Datasets)
            {
                var sum = sums.GetValueOrDefault(dataset);
                await ExecuteAsync(connection, transaction,
                    "INSERT INTO corpus_datasets (corpus_version, dataset, content_hash, kind, shoulder_width_sum_mm, shoulder_to_pelvis_sum_mm, sum_frames, reused) " +
                    "VALUES (@version, @dataset, @hash, @kind, @width, @torso, @frames, @reused) " +
                    "ON CONFLICT (corpus_version, dataset) DO UPDATE SET content_hash = excluded.content_hash, kind = excluded.kind, " +
                    "shoulder_width_sum_mm = excluded.shoulder_width_sum_mm, shoulder_to_pelvis_sum_mm = excluded.shoulder_to_pelvis_sum_mm, sum_frames = excluded.sum_frames, reused = excluded.reused",
                    cancellationToken, ("version", corpus.Version), ("dataset", dataset), ("hash", hash), ("kind", sum?.Kind),
                    ("width", sum?.ShoulderWidthSumMm), ("torso", sum?.ShoulderToPelvisSumMm), ("frames", sum?.Frames), ("reused", sum is null ? null : sum.Reused ? 1 : 0)).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <summary>A corpus version with its datasets, or null.</summary>
    public Task<CorpusVersionRecord?> CorpusVersionAsync(string version, CancellationToken cancellationToken) =>
        RunAsync<CorpusVersionRecord?>("read corpus version " + version, async connection =>
        {
            var datasetRows = await QueryAsync(connection,
                "SELECT dataset, content_hash, kind, shoulder_width_sum_mm, shoulder_to_pelvis_sum_mm, sum_frames, reused FROM corpus_datasets WHERE corpus_version = @version ORDER BY dataset",
                r => (Name: r.GetString(0), Hash: r.GetString(1),
                    Sums: r.IsDBNull(2) || r.IsDBNull(5) ? null : new CorpusDatasetRecord(r.GetString(0), r.GetString(2), Double(r, 3), Double(r, 4), Long(r, 5), !r.IsDBNull(6) && Long(r, 6) != 0)),
                cancellationToken, ("version", version)).ConfigureAwait(false);
            var datasets = datasetRows.ToDictionary(p => p.Name, p => p.Hash, StringComparer.Ordinal);
            var sums = datasetRows.Where(d => d.Sums is not null).Select(d => d.Sums!).ToList();
            var rows = await QueryAsync(connection,
                "SELECT version, config_hash, window_length, stride, ms, msp, status, manifest_key, parent_version, reused_version, derived_ms, derived_msp, moved_mm FROM corpus_versions WHERE version = @version",
                r => new CorpusVersionRecord(r.GetString(0), r.GetString(1), Int(r, 2), Int(r, 3), Double(r, 4), Double(r, 5), r.GetString(6), Text(r, 7), datasets,
                    Text(r, 8), Text(r, 9), OptionalDouble(r, 10), OptionalDouble(r, 11), OptionalDouble(r, 12), sums.Count > 0 ? sums : null),
                cancellationToken, ("version", version)).ConfigureAwait(false);
            return rows.SingleOrDefault();
        }, cancellationToken);

    /// <summary>
    /// The newest corpus version whose status is complete and whose manifest is stored (by creation time, then
    /// id), or null: what an experiment's corpus "latest" resolves to.
    /// </summary>
    public Task<string?> LatestCompleteCorpusVersionAsync(CancellationToken cancellationToken) =>
        RunAsync<string?>("find the latest complete corpus version", async connection => (await QueryAsync(connection,
            "SELECT version FROM corpus_versions WHERE status = 'complete' AND manifest_key IS NOT NULL ORDER BY created_at DESC, version DESC LIMIT 1",
            r => r.GetString(0), cancellationToken).ConfigureAwait(false)).FirstOrDefault(), cancellationToken);

    /// <summary>Records a sequence's outcome in a corpus version (replacing an earlier record of the same sequence).</summary>
    public Task UpsertSequenceAsync(SequenceRecord sequence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        return UpsertSequencesAsync([sequence], cancellationToken);
    }

    /// <summary>Records many sequences' outcomes in one transaction (replacing earlier records of the same sequences).</summary>
    public Task UpsertSequencesAsync(IReadOnlyList<SequenceRecord> sequences, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        return RunAsync($"record {sequences.Count} sequences", async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            foreach (var s in sequences)
            {
                await ExecuteAsync(connection, transaction,
                    "INSERT INTO sequences (corpus_version, dataset, subject, action, camera, frames, clips, status, error, unit, unit_hash, stage1, key_frame, " +
                    "shoulder_width_sum_mm, shoulder_to_pelvis_sum_mm, sum_frames, rmsd_mm, split) " +
                    "VALUES (@version, @dataset, @subject, @action, @camera, @frames, @clips, @status, @error, @unit, @unitHash, @stage1, @keyFrame, @width, @torso, @sumFrames, @rmsd, @split) " +
                    "ON CONFLICT (corpus_version, dataset, subject, action, camera) DO UPDATE SET frames = excluded.frames, clips = excluded.clips, status = excluded.status, error = excluded.error, " +
                    "unit = excluded.unit, unit_hash = excluded.unit_hash, stage1 = excluded.stage1, key_frame = excluded.key_frame, shoulder_width_sum_mm = excluded.shoulder_width_sum_mm, " +
                    "shoulder_to_pelvis_sum_mm = excluded.shoulder_to_pelvis_sum_mm, sum_frames = excluded.sum_frames, rmsd_mm = excluded.rmsd_mm, split = excluded.split",
                    cancellationToken, ("version", s.CorpusVersion), ("dataset", s.Dataset), ("subject", s.Subject), ("action", s.Action), ("camera", s.Camera),
                    ("frames", s.Frames), ("clips", s.Clips), ("status", s.Status), ("error", s.Error), ("unit", s.Unit), ("unitHash", s.UnitHash), ("stage1", s.Stage1),
                    ("keyFrame", s.KeyFrame), ("width", s.ShoulderWidthSumMm), ("torso", s.ShoulderToPelvisSumMm), ("sumFrames", s.SumFrames), ("rmsd", s.RmsdMm), ("split", s.Split)).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <summary>The sequences of a corpus version.</summary>
    public Task<List<SequenceRecord>> SequencesAsync(string version, CancellationToken cancellationToken) =>
        RunAsync("list sequences", connection => QueryAsync(connection,
            "SELECT corpus_version, dataset, subject, action, camera, frames, clips, status, error, unit, unit_hash, stage1, key_frame, " +
            "shoulder_width_sum_mm, shoulder_to_pelvis_sum_mm, sum_frames, rmsd_mm, split FROM sequences WHERE corpus_version = @version ORDER BY dataset, subject, action, camera",
            r => new SequenceRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), Int(r, 5), Int(r, 6), r.GetString(7), Text(r, 8),
                Text(r, 9), Text(r, 10), Text(r, 11), r.IsDBNull(12) ? null : Int(r, 12), OptionalDouble(r, 13), OptionalDouble(r, 14),
                r.IsDBNull(15) ? null : Long(r, 15), OptionalDouble(r, 16), Text(r, 17)),
            cancellationToken, ("version", version)), cancellationToken);

    /// <summary>Records a stored shard as written by its version (and part of it).</summary>
    public Task UpsertShardAsync(ShardRecord shard, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shard);
        return RunAsync("record shard " + shard.Key, async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction,
                "INSERT INTO shards (shard_key, corpus_version, split, clips, bytes, sha256, dataset) VALUES (@key, @version, @split, @clips, @bytes, @sha, @dataset) " +
                "ON CONFLICT (shard_key) DO UPDATE SET split = excluded.split, clips = excluded.clips, bytes = excluded.bytes, sha256 = excluded.sha256, dataset = excluded.dataset",
                cancellationToken, ("key", shard.Key), ("version", shard.CorpusVersion), ("split", shard.Split), ("clips", shard.Clips), ("bytes", shard.Bytes),
                ("sha", shard.Sha256), ("dataset", shard.Dataset)).ConfigureAwait(false);
            await LinkShardAsync(connection, transaction, shard.CorpusVersion, shard.Key, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <summary>Records that <paramref name="version"/> lists the (recorded) shard <paramref name="key"/> another version wrote.</summary>
    public Task LinkShardAsync(string version, string key, CancellationToken cancellationToken) =>
        RunAsync($"link shard {key} to {version}", connection => LinkShardAsync(connection, null, version, key, cancellationToken), cancellationToken);

    /// <summary>The shards a corpus version lists (its own and those it keeps from its parent) by key.</summary>
    public Task<List<ShardRecord>> ShardsAsync(string version, CancellationToken cancellationToken) =>
        RunAsync("list shards", connection => QueryAsync(connection,
            "SELECT s.corpus_version, s.shard_key, s.split, s.clips, s.bytes, s.sha256, s.dataset FROM shards s " +
            "JOIN corpus_shards c ON c.shard_key = s.shard_key WHERE c.corpus_version = @version ORDER BY s.shard_key",
            r => new ShardRecord(r.GetString(0), r.GetString(1), r.GetString(2), Long(r, 3), Long(r, 4), r.GetString(5), Text(r, 6)),
            cancellationToken, ("version", version)), cancellationToken);

    private static Task<int> LinkShardAsync(DbConnection connection, DbTransaction? transaction, string version, string key, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction,
            "INSERT INTO corpus_shards (corpus_version, shard_key) VALUES (@version, @key) ON CONFLICT (corpus_version, shard_key) DO NOTHING",
            cancellationToken, ("version", version), ("key", key));

    private static double? OptionalDouble(DbDataReader reader, int column) => reader.IsDBNull(column) ? null : Double(reader, column);
}
