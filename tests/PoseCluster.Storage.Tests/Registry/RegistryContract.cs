using PoseCluster.Datasets.Ingestion;
using PoseCluster.Storage.Registry;

namespace PoseCluster.Storage.Tests.Registry;

/// <summary>What the registry must do on every database; SQLite and PostgreSQL test classes inherit it.</summary>
public abstract class RegistryContract
{
    /// <summary>A fresh, empty database: how to open a registry on it and how to run raw SQL against it.</summary>
    protected abstract Task<TestDatabase> NewDatabaseAsync();

    protected sealed record TestDatabase(Func<bool, Task<ExperimentRegistry>> Open, Func<string, Task> Execute);

    private async Task<ExperimentRegistry> MigratedAsync() => await (await NewDatabaseAsync()).Open(true);

    [Fact]
    public async Task Migrating_an_empty_database_applies_every_migration_once()
    {
        var database = await NewDatabaseAsync();
        await using (var before = await database.Open(false))
        {
            Assert.Equal(0, (await before.StatusAsync(CancellationToken.None)).SchemaVersion);
        }

        await using var registry = await database.Open(true);
        var status = await registry.StatusAsync(CancellationToken.None);

        Assert.Equal(status.LatestVersion, status.SchemaVersion);
        Assert.Equal(0, status.Pending);
        Assert.Equal([1, 2], status.Applied.Select(a => a.Version));
        Assert.Empty(await registry.MigrateAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Concurrent_migrators_apply_the_migrations_exactly_once()
    {
        var database = await NewDatabaseAsync();
        var registries = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => database.Open(true))));
        var status = await registries[0].StatusAsync(CancellationToken.None);
        foreach (var registry in registries)
        {
            await registry.DisposeAsync();
        }

        Assert.Equal([1, 2], status.Applied.Select(a => a.Version));
    }

    [Fact]
    public async Task A_registry_on_a_newer_schema_is_refused_naming_its_version_and_keeps_its_data()
    {
        var database = await NewDatabaseAsync();
        await using (var registry = await database.Open(true))
        {
            await registry.UpsertDatasetAsync(new DatasetRecord("h36m", "abc", "/data/h36m"), CancellationToken.None);
        }

        await database.Execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'from_the_future', 0)");

        var refused = await Assert.ThrowsAsync<RegistrySchemaTooNewException>(() => database.Open(true));
        Assert.Equal(99, refused.SchemaVersion);
        Assert.Contains("schema version 99", refused.Message, StringComparison.Ordinal);
        Assert.False(refused.IsTransient);
        await Assert.ThrowsAsync<RegistrySchemaTooNewException>(() => database.Open(false));

        await database.Execute("DELETE FROM schema_migrations WHERE version = 99");
        await using var again = await database.Open(false);
        Assert.Equal([new DatasetRecord("h36m", "abc", "/data/h36m")], await again.DatasetsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_corpus_version_with_its_datasets_sequences_and_shards_reads_back()
    {
        await using var registry = await MigratedAsync();
        var ct = CancellationToken.None;
        await registry.UpsertDatasetAsync(new DatasetRecord("h36m", "old", "/a"), ct);
        await registry.UpsertDatasetAsync(new DatasetRecord("h36m", "h1", "/data/h36m"), ct);
        await registry.UpsertDatasetAsync(new DatasetRecord("aistpp", "a1", "/data/aist"), ct);
        var corpus = new CorpusVersionRecord("v1", "cfg", 16, 16, 350.5, 480.25, "building", null, new Dictionary<string, string> { ["h36m"] = "h1", ["aistpp"] = "a1" });
        await registry.UpsertCorpusVersionAsync(corpus, ct);
        await registry.UpsertCorpusVersionAsync(corpus with { Status = "complete", ManifestKey = "corpora/v1/manifest.json" }, ct);
        await registry.UpsertSequenceAsync(new SequenceRecord("v1", "h36m", "S1", "Walking", "54138969", 1000, 62, "ok", null), ct);
        await registry.UpsertSequenceAsync(new SequenceRecord("v1", "h36m", "S1", "Eating", "54138969", 10, 0, "rejected", "fewer frames than one window"), ct);
        await registry.UpsertSequenceAsync(new SequenceRecord("v1", "h36m", "S1", "Walking", "54138969", 1000, 61, "ok", null), ct);
        await registry.UpsertShardAsync(new ShardRecord("v1", "corpora/v1/train/shard-00000.arrow", "train", 61, 123456, "ab"), ct);

        Assert.Equal(["aistpp", "h36m"], (await registry.DatasetsAsync(ct)).Select(d => d.Name));
        Assert.Equal("h1", (await registry.DatasetsAsync(ct)).Single(d => d.Name == "h36m").ContentHash);
        var read = await registry.CorpusVersionAsync("v1", ct);
        Assert.NotNull(read);
        Assert.Equal(("complete", "corpora/v1/manifest.json", 350.5, 480.25, 16), (read.Status, read.ManifestKey, read.Ms, read.Msp, read.WindowLength));
        Assert.Equal(corpus.Datasets, read.Datasets);
        Assert.Null(await registry.CorpusVersionAsync("v2", ct));
        var sequences = await registry.SequencesAsync("v1", ct);
        Assert.Equal(2, sequences.Count);
        Assert.Equal(new SequenceRecord("v1", "h36m", "S1", "Eating", "54138969", 10, 0, "rejected", "fewer frames than one window"), sequences[0]);
        Assert.Equal(61, sequences[1].Clips);
        Assert.Equal([new ShardRecord("v1", "corpora/v1/train/shard-00000.arrow", "train", 61, 123456, "ab")], await registry.ShardsAsync("v1", ct));
    }

    [Fact]
    public async Task Lineage_file_fingerprints_stage_results_and_kept_shards_read_back()
    {
        await using var registry = await MigratedAsync();
        var ct = CancellationToken.None;
        await registry.UpsertDatasetAsync(new DatasetRecord("h36m-a", "h1", "/data/h36m", "h36m", "cheap1"), ct);
        await registry.UpsertDatasetAsync(new DatasetRecord("mads", "m1", "/data/mads", "mads", "cheap2"), ct);
        Assert.Equal(new DatasetRecord("h36m-a", "h1", "/data/h36m", "h36m", "cheap1"), (await registry.DatasetsAsync(ct))[0]);
        FileFingerprint[] files = [new("data_3d_h36m.npz", 1234, 99, "hh", "s1"), new("data_2d_h36m_gt.npz", 55, 98, "hh2", "s2"), new("unread.npz", 1, 1, "h3", null)];
        await registry.ReplaceDatasetFilesAsync("h36m-a", files, ct);
        await registry.ReplaceDatasetFilesAsync("h36m-a", files[..2], ct);
        Assert.Equal(files[..2].OrderBy(f => f.Path, StringComparer.Ordinal), await registry.DatasetFilesAsync("h36m-a", ct));
        Assert.Empty(await registry.DatasetFilesAsync("mads", ct));

        var parent = new CorpusVersionRecord("v1", "cfg", 16, 16, 350, 480, "complete", "corpora/v1/manifest.json", new Dictionary<string, string> { ["h36m-a"] = "h1" },
            DatasetSums: [new CorpusDatasetRecord("h36m-a", "h36m", 3500, 4800, 10, false)]);
        await registry.UpsertCorpusVersionAsync(parent, ct);
        await registry.UpsertShardAsync(new ShardRecord("v1", "corpora/v1/train/shard-00000.arrow", "train", 61, 123456, "ab", "h36m-a"), ct);
        var child = new CorpusVersionRecord("v2", "cfg", 16, 16, 350, 480, "complete", "corpora/v2/manifest.json",
            new Dictionary<string, string> { ["h36m-a"] = "h1", ["mads"] = "m1" }, "v1", "v1", 350.4, 480.2, 0.4,
            [new CorpusDatasetRecord("h36m-a", "h36m", 3500, 4800, 10, true), new CorpusDatasetRecord("mads", "mads", 700, 900, 2, false)]);
        await registry.UpsertCorpusVersionAsync(child, ct);
        await registry.UpsertShardAsync(new ShardRecord("v2", "corpora/v2/train/shard-00000.arrow", "train", 5, 999, "cd", "mads"), ct);
        await registry.LinkShardAsync("v2", "corpora/v1/train/shard-00000.arrow", ct);
        await registry.LinkShardAsync("v2", "corpora/v1/train/shard-00000.arrow", ct);

        var read = (await registry.CorpusVersionAsync("v2", ct))!;
        Assert.Equal(("v1", "v1", 350.4, 480.2, 0.4), (read.ParentVersion, read.ReusedVersion, read.DerivedMs, read.DerivedMsp, read.MovedMm));
        Assert.Equal(child.DatasetSums, read.DatasetSums);
        Assert.Null((await registry.CorpusVersionAsync("v1", ct))!.ParentVersion);
        Assert.Equal(
            [("v1", "corpora/v1/train/shard-00000.arrow", "h36m-a"), ("v2", "corpora/v2/train/shard-00000.arrow", "mads")],
            (await registry.ShardsAsync("v2", ct)).Select(s => (s.CorpusVersion, s.Key, s.Dataset!)));
        Assert.Single(await registry.ShardsAsync("v1", ct));

        var sequence = new SequenceRecord("v2", "mads", "Taichi", "Taichi_S1", "world", 30, 13, "ok", null,
            "multi_view_data/Taichi/Taichi_S1_GT.mat", "u1", "computed", 7, 10100.5, 12500.25, 28, 0.125, "train");
        await registry.UpsertSequencesAsync([sequence, sequence with { Subject = "Kata", Status = "rejected", Error = "no valid frames", KeyFrame = null }], ct);
        var sequences = await registry.SequencesAsync("v2", ct);
        Assert.Equal(sequence, sequences.Single(s => s.Subject == "Taichi"));
        Assert.Null(sequences.Single(s => s.Subject == "Kata").KeyFrame);
    }

    [Fact]
    public async Task Experiments_attempts_metrics_and_checkpoints_read_back_in_order()
    {
        await using var registry = await MigratedAsync();
        var ct = CancellationToken.None;
        await registry.CreateExperimentAsync(new ExperimentRecord("e1", "first", """{"lr":0.001}""", "pending", null), ct);
        Assert.True(await registry.SetExperimentStatusAsync("e1", "running", ct));
        Assert.False(await registry.SetExperimentStatusAsync("nope", "running", ct));
        Assert.Equal(1, await registry.StartAttemptAsync("e1", 2, ct));
        Assert.True(await registry.EndAttemptAsync("e1", 1, "node lost", ct));
        Assert.False(await registry.EndAttemptAsync("e1", 1, "again", ct));
        Assert.Equal(2, await registry.StartAttemptAsync("e1", 1, ct));
        await registry.RecordMetricsAsync("e1", [new MetricPoint(2, "loss", 0.5), new MetricPoint(1, "loss", 0.75), new MetricPoint(1, "lr", 0.001)], ct);
        await registry.RecordCheckpointAsync(new CheckpointRecord("experiments/e1/checkpoints/step-00001000.ckpt", "e1", 1000, "cd", 42), ct);

        var experiment = await registry.ExperimentAsync("e1", ct);
        Assert.Equal(new ExperimentRecord("e1", "first", """{"lr":0.001}""", "running", null), experiment! with { Created = null });
        Assert.NotNull(experiment.Created);
        var attempts = await registry.AttemptsAsync("e1", ct);
        Assert.Equal([(1, 2, "node lost"), (2, 1, (string?)null)], attempts.Select(a => (a.Number, a.WorldSize, a.ReasonEnded)));
        Assert.NotNull(attempts[0].EndedAt);
        Assert.Equal([new MetricPoint(1, "loss", 0.75), new MetricPoint(2, "loss", 0.5)], await registry.MetricsAsync("e1", "loss", ct));
        Assert.Equal(1000, Assert.Single(await registry.CheckpointsAsync("e1", ct)).Step);
    }

    [Fact]
    public async Task An_owner_upserts_its_experiment_and_numbers_its_attempts_itself()
    {
        await using var registry = await MigratedAsync();
        var ct = CancellationToken.None;
        var created = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);
        await registry.UpsertCorpusVersionAsync(new CorpusVersionRecord("v1", "c", 16, 16, 1, 1, "complete", "corpora/v1/manifest.json", new Dictionary<string, string>()), ct);
        await registry.UpsertExperimentAsync(new ExperimentRecord("e2", "two", """{"steps":10}""", "Submitted", null, created), ct);
        await registry.UpsertExperimentAsync(new ExperimentRecord("e2", "two", """{"steps":10}""", "Training", "v1", created.AddHours(1)), ct);
        await registry.RecordAttemptAsync("e2", 1, 2, created, ct);
        await registry.RecordAttemptAsync("e2", 1, 2, created, ct);
        Assert.True(await registry.EndAttemptAsync("e2", 1, "node lost: X", ct));
        await registry.RecordAttemptAsync("e2", 2, 1, created.AddMinutes(1), ct);

        Assert.Equal(new ExperimentRecord("e2", "two", """{"steps":10}""", "Training", "v1", created), await registry.ExperimentAsync("e2", ct));
        Assert.Equal([(1, 2, "node lost: X"), (2, 1, (string?)null)], (await registry.AttemptsAsync("e2", ct)).Select(a => (a.Number, a.WorldSize, a.ReasonEnded)));
        Assert.Equal(2, (await registry.LatestAttemptOfEveryExperimentAsync(ct))["e2"]);
        Assert.Equal(["e2"], (await registry.ExperimentsAsync(ct)).Select(e => e.Id));
    }

    [Fact]
    public async Task A_series_keeps_the_value_recorded_last_for_a_step_that_a_resumed_attempt_ran_again()
    {
        await using var registry = await MigratedAsync();
        var ct = CancellationToken.None;
        await registry.UpsertExperimentAsync(new ExperimentRecord("e3", "three", "{}", "Training", null), ct);
        await registry.RecordMetricsAsync("e3", [new MetricPoint(1, "train/loss", 9), new MetricPoint(2, "train/loss", 8), new MetricPoint(3, "train/loss", 7), new MetricPoint(2, "val/mpjpe", 300)], ct);
        // The second attempt resumed from step 1's checkpoint and ran step 2 again.
        await registry.RecordMetricsAsync("e3", [new MetricPoint(2, "train/loss", 7.5)], ct);

        var all = await registry.MetricSeriesAsync("e3", null, -1, ct);
        Assert.Equal(["train/loss", "val/mpjpe"], all.Keys);
        Assert.Equal([(1L, 9.0), (2L, 7.5), (3L, 7.0)], all["train/loss"].Select(p => (p.Step, p.Value)));
        Assert.Equal([(2L, 7.5), (3L, 7.0)], (await registry.MetricSeriesAsync("e3", "train/loss", 1, ct))["train/loss"].Select(p => (p.Step, p.Value)));
        Assert.Empty(await registry.MetricSeriesAsync("e3", "val/auc", -1, ct));
        var latest = await registry.LatestMetricsAsync("e3", ct);
        Assert.Equal(new MetricPoint(2, "train/loss", 7.5), latest["train/loss"]);
        Assert.Equal(new MetricPoint(2, "train/loss", 7.5), (await registry.LatestMetricOfEveryExperimentAsync("train/loss", ct))["e3"]);
    }

    [Fact]
    public async Task Latest_names_the_newest_complete_corpus_version_with_a_manifest()
    {
        await using var registry = await MigratedAsync();
        var ct = CancellationToken.None;
        Assert.Null(await registry.LatestCompleteCorpusVersionAsync(ct));
        var datasets = new Dictionary<string, string>();
        await registry.UpsertCorpusVersionAsync(new CorpusVersionRecord("v1", "c", 16, 16, 1, 1, "complete", "corpora/v1/manifest.json", datasets), ct);
        await Task.Delay(5);
        await registry.UpsertCorpusVersionAsync(new CorpusVersionRecord("v2", "c", 16, 16, 1, 1, "building", null, datasets), ct);

        Assert.Equal("v1", await registry.LatestCompleteCorpusVersionAsync(ct));
        await registry.UpsertCorpusVersionAsync(new CorpusVersionRecord("v2", "c", 16, 16, 1, 1, "complete", "corpora/v2/manifest.json", datasets), ct);
        Assert.Equal("v2", await registry.LatestCompleteCorpusVersionAsync(ct));
    }

    [Fact]
    public async Task Values_are_parameters_never_sql()
    {
        await using var registry = await MigratedAsync();
        const string hostile = "x'); DROP TABLE datasets; --";
        await registry.UpsertDatasetAsync(new DatasetRecord(hostile, "h'", "src\"; --"), CancellationToken.None);

        Assert.Equal([new DatasetRecord(hostile, "h'", "src\"; --")], await registry.DatasetsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_duplicate_experiment_or_an_unknown_reference_is_a_non_transient_registry_error()
    {
        await using var registry = await MigratedAsync();
        await registry.CreateExperimentAsync(new ExperimentRecord("dup", "a", "{}", "pending", null), CancellationToken.None);

        var duplicate = await Assert.ThrowsAsync<RegistryException>(() => registry.CreateExperimentAsync(new ExperimentRecord("dup", "b", "{}", "pending", null), CancellationToken.None));
        var orphan = await Assert.ThrowsAsync<RegistryException>(() => registry.StartAttemptAsync("no-such-experiment", 1, CancellationToken.None));

        Assert.False(duplicate.IsTransient);
        Assert.False(orphan.IsTransient);
        Assert.Contains(registry.Location, duplicate.Message, StringComparison.Ordinal);
    }
}
