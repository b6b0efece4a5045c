namespace PoseCluster.Storage.Registry;

/// <summary>Datasets, corpus versions, sequences and shards.</summary>
public sealed partial class ExperimentRegistry
{
    /// <summary>Records a dataset, or updates its content hash and source.</summary>
    public Task UpsertDatasetAsync(DatasetRecord dataset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return RunAsync("record dataset " + dataset.Name, connection => ExecuteAsync(connection, null,
            "INSERT INTO datasets (name, content_hash, source, registered_at) VALUES (@name, @hash, @source, @at) " +
            "ON CONFLICT (name) DO UPDATE SET content_hash = excluded.content_hash, source = excluded.source",
            cancellationToken, ("name", dataset.Name), ("hash", dataset.ContentHash), ("source", dataset.Source), ("at", Now())), cancellationToken);
    }

    /// <summary>Every recorded dataset by name.</summary>
    public Task<List<DatasetRecord>> DatasetsAsync(CancellationToken cancellationToken) =>
        RunAsync("list datasets", connection => QueryAsync(connection,
            "SELECT name, content_hash, source FROM datasets ORDER BY name",
            r => new DatasetRecord(r.GetString(0), r.GetString(1), r.GetString(2)), cancellationToken), cancellationToken);

    /// <summary>Records a corpus version and its datasets (which must be recorded), or updates its status, Ms, Msp and manifest.</summary>
    public Task UpsertCorpusVersionAsync(CorpusVersionRecord corpus, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        return RunAsync("record corpus version " + corpus.Version, async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction,
                "INSERT INTO corpus_versions (version, config_hash, window_length, stride, ms, msp, status, manifest_key, created_at) " +
                "VALUES (@version, @config, @window, @stride, @ms, @msp, @status, @manifest, @at) " +
                "ON CONFLICT (version) DO UPDATE SET status = excluded.status, ms = excluded.ms, msp = excluded.msp, manifest_key = excluded.manifest_key",
                cancellationToken, ("version", corpus.Version), ("config", corpus.ConfigHash), ("window", corpus.WindowLength), ("stride", corpus.Stride),
                ("ms", corpus.Ms), ("msp", corpus.Msp), ("status", corpus.Status), ("manifest", corpus.ManifestKey), ("at", Now())).ConfigureAwait(false);
            foreach (var (dataset, hash) in corpus.Datasets)
            {
                await ExecuteAsync(connection, transaction,
                    "INSERT INTO corpus_datasets (corpus_version, dataset, content_hash) VALUES (@version, @dataset, @hash) " +
                    "ON CONFLICT (corpus_version, dataset) DO UPDATE SET content_hash = excluded.content_hash",
                    cancellationToken, ("version", corpus.Version), ("dataset", dataset), ("hash", hash)).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <summary>A corpus version with its datasets, or null.</summary>
    public Task<CorpusVersionRecord?> CorpusVersionAsync(string version, CancellationToken cancellationToken) =>
        RunAsync<CorpusVersionRecord?>("read corpus version " + version, async connection =>
        {
            var datasets = (await QueryAsync(connection,
                "SELECT dataset, content_hash FROM corpus_datasets WHERE corpus_version = @version ORDER BY dataset",
                r => (r.GetString(0), r.GetString(1)), cancellationToken, ("version", version)).ConfigureAwait(false))
                .ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal);
            var rows = await QueryAsync(connection,
                "SELECT version, config_hash, window_length, stride, ms, msp, status, manifest_key FROM corpus_versions WHERE version = @version",
                r => new CorpusVersionRecord(r.GetString(0), r.GetString(1), Int(r, 2), Int(r, 3), Double(r, 4), Double(r, 5), r.GetString(6), Text(r, 7), datasets),
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
        return RunAsync("record a sequence", connection => ExecuteAsync(connection, null,
            "INSERT INTO sequences (corpus_version, dataset, subject, action, camera, frames, clips, status, error) " +
            "VALUES (@version, @dataset, @subject, @action, @camera, @frames, @clips, @status, @error) " +
            "ON CONFLICT (corpus_version, dataset, subject, action, camera) DO UPDATE SET frames = excluded.frames, clips = excluded.clips, status = excluded.status, error = excluded.error",
            cancellationToken, ("version", sequence.CorpusVersion), ("dataset", sequence.Dataset), ("subject", sequence.Subject), ("action", sequence.Action),
            ("camera", sequence.Camera), ("frames", sequence.Frames), ("clips", sequence.Clips), ("status", sequence.Status), ("error", sequence.Error)), cancellationToken);
    }

    /// <summary>The sequences of a corpus version.</summary>
    public Task<List<SequenceRecord>> SequencesAsync(string version, CancellationToken cancellationToken) =>
        RunAsync("list sequences", connection => QueryAsync(connection,
            "SELECT corpus_version, dataset, subject, action, camera, frames, clips, status, error FROM sequences WHERE corpus_version = @version ORDER BY dataset, subject, action, camera",
            r => new SequenceRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), Int(r, 5), Int(r, 6), r.GetString(7), Text(r, 8)),
            cancellationToken, ("version", version)), cancellationToken);

    /// <summary>Records a stored shard.</summary>
    public Task UpsertShardAsync(ShardRecord shard, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shard);
        return RunAsync("record shard " + shard.Key, connection => ExecuteAsync(connection, null,
            "INSERT INTO shards (shard_key, corpus_version, split, clips, bytes, sha256) VALUES (@key, @version, @split, @clips, @bytes, @sha) " +
            "ON CONFLICT (shard_key) DO UPDATE SET split = excluded.split, clips = excluded.clips, bytes = excluded.bytes, sha256 = excluded.sha256",
            cancellationToken, ("key", shard.Key), ("version", shard.CorpusVersion), ("split", shard.Split), ("clips", shard.Clips), ("bytes", shard.Bytes), ("sha", shard.Sha256)), cancellationToken);
    }

    /// <summary>The shards of a corpus version by key.</summary>
    public Task<List<ShardRecord>> ShardsAsync(string version, CancellationToken cancellationToken) =>
        RunAsync("list shards", connection => QueryAsync(connection,
            "SELECT corpus_version, shard_key, split, clips, bytes, sha256 FROM shards WHERE corpus_version = @version ORDER BY shard_key",
            r => new ShardRecord(r.GetString(0), r.GetString(1), r.GetString(2), Long(r, 3), Long(r, 4), r.GetString(5)),
            cancellationToken, ("version", version)), cancellationToken);
}
