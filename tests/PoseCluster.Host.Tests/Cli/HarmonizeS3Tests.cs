using System.Text.Json;
using PoseCluster.Storage.Objects;
using PoseCluster.Storage.Registry;
using PoseCluster.Testing;

namespace PoseCluster.Host.Tests.Cli;

/// <summary>
/// <c>harmonize --out s3://...</c> and <c>train --corpus s3://... --out s3://...</c> through the CLI against
/// s3rver (endpoint and keys from <c>--config</c>), next to the same run into a folder.
/// </summary>
public sealed class HarmonizeS3Tests : IAsyncLifetime
{
    private const string Bucket = "corpus";
    private readonly string _dir = Directory.CreateTempSubdirectory("posecluster-harmonize-s3-").FullName;
    private S3rver? _s3rver;

    private string RegistryUrl => $"sqlite:{Path.Combine(_dir, "registry.db")}";

    public async Task InitializeAsync() => _s3rver = await S3rver.StartAsync(Bucket);

    public async Task DisposeAsync()
    {
        if (_s3rver is not null)
        {
            await _s3rver.DisposeAsync();
        }

        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>The s3rver connection, one worker (so both runs meet the sequences in the same order) and the tiny model of TrainCommandTests.</summary>
    private async Task<string> ConfigAsync()
    {
        var config = Path.Combine(_dir, "s3.conf");
        await File.WriteAllTextAsync(config,
            $"posecluster.storage.objects.s3 {{ endpoint = \"{_s3rver!.Endpoint}\", access-key = {S3rver.Key}, secret-key = {S3rver.Key} }}\n" +
            "posecluster.augmotion.parallelism = 1\n" +
            "posecluster.storage.shards { target-size = 64kB, batch-size = 16KiB }\n" +
            "posecluster.model { preset = tiny, frames = 4, depth = 2, window.t = 2, threads = 1 }\n" +
            "posecluster.heatpose.grid = 16\n" +
            "posecluster.training { batch-size = 4, prefetch = 1, checkpoint-every = 2, warmup-steps = 2 }\n");
        return config;
    }

    [Fact]
    public async Task Harmonize_to_s3_stores_the_same_shards_and_manifest_as_to_a_folder_and_train_reads_and_resumes_from_s3()
    {
        var config = await ConfigAsync();
        var folder = Path.Combine(_dir, "objects");
        string[] common = ["--dataset", $"h36m={DatasetFixtures.Path("h36m")}", "--registry", RegistryUrl, "--corpus-version", "v-s3", "--window", "4", "--stride", "4"];
        var toFolder = await CliRunner.RunAsync(["--config", config, "harmonize", .. common, "--out", folder]);
        Assert.True(toFolder.ExitCode == 0, toFolder.Error);
        var toS3 = await CliRunner.RunAsync(["--config", config, "harmonize", .. common, "--out", $"s3://{Bucket}/objects"]);
        Assert.True(toS3.ExitCode == 0, toS3.Error);
        Assert.Contains($"s3://{Bucket}/objects/ at {_s3rver!.Endpoint}", toS3.Out, StringComparison.Ordinal);

        var local = ObjectStores.Folder(folder);
        var remote = ObjectStores.S3(Options("objects"));
        var localManifest = await ReadAllAsync(local, "corpora/v-s3/manifest.json");
        Assert.Equal(localManifest, await ReadAllAsync(remote, "corpora/v-s3/manifest.json"));
        var manifest = await Storage.Shards.CorpusManifest.ReadAsync(remote, "v-s3", CancellationToken.None);
        Assert.True(manifest.Shards.Count >= 3, $"{manifest.Shards.Count} shards");
        foreach (var shard in manifest.Shards)
        {
            var (sha256, bytes) = await VerifiedObjects.HashAsync(await remote.GetAsync(shard.Key, CancellationToken.None), CancellationToken.None);
            Assert.Equal((shard.Sha256, shard.Bytes), (sha256, bytes));
            Assert.Equal(shard.Sha256, (await VerifiedObjects.HashAsync(await local.GetAsync(shard.Key, CancellationToken.None), CancellationToken.None)).Sha256);
        }

        var corpus = $"s3://{Bucket}/objects/corpora/v-s3";
        var output = $"s3://{Bucket}/run";
        var first = await CliRunner.RunAsync("--config", config, "train", "--corpus", corpus, "--out", output, "--steps", "2", "--registry", RegistryUrl, "--json");
        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Equal("checkpoints/step-00000002.ckpt", JsonDocument.Parse(first.Out).RootElement.GetProperty("checkpoint").GetString());
        // The second run resumes from the checkpoint in s3, read back through its recorded sha256.
        var second = await CliRunner.RunAsync("--config", config, "train", "--corpus", corpus, "--out", output, "--steps", "3", "--registry", RegistryUrl, "--json");
        Assert.True(second.ExitCode == 0, second.Error);
        Assert.Equal(3, JsonDocument.Parse(second.Out).RootElement.GetProperty("steps").GetInt64());
        var run = ObjectStores.S3(Options("run"));
        await using (var registry = await ExperimentRegistry.OpenAsync(RegistryUrl, false, CancellationToken.None))
        {
            var experiment = Actors.Training.CorpusTrainer.ExperimentId(run.Location, "v-s3");
            Assert.Equal([1L, 2, 3], (await registry.MetricsAsync(experiment, "train/loss", CancellationToken.None)).Select(p => p.Step));
            Assert.Equal([2L, 3], (await registry.CheckpointsAsync(experiment, CancellationToken.None)).Select(c => c.Step));
        }

        // A checkpoint changed in the store after it was recorded is refused, naming its key.
        var checkpoint = await ReadAllAsync(run, "checkpoints/step-00000003.ckpt");
        checkpoint[^100] ^= 1;
        await run.PutAsync("checkpoints/step-00000003.ckpt", new MemoryStream(checkpoint), CancellationToken.None);
        var third = await CliRunner.RunAsync("--config", config, "train", "--corpus", corpus, "--out", output, "--steps", "4", "--registry", RegistryUrl);
        Assert.Equal(1, third.ExitCode);
        Assert.Contains("ChecksumMismatchException", third.Error, StringComparison.Ordinal);
        Assert.Contains("checkpoints/step-00000003.ckpt", third.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreadable_files_of_one_dataset_are_rejected_one_registry_row_each_named_by_dataset_subject_and_sequence()
    {
        var dataset = Path.Combine(_dir, "aistpp");
        CopyFolder(DatasetFixtures.Path("aistpp"), dataset);
        foreach (var name in new[] { "gBR_sBM_cAll_d04_mBR0_ch90", "gBR_sBM_cAll_d05_mBR0_ch91", "notes" })
        {
            await File.WriteAllTextAsync(Path.Combine(dataset, "keypoints3d", name + ".pkl"), "not a pickle");
        }

        var result = await CliRunner.RunAsync("harmonize", "--dataset", $"aistpp={dataset}", "--out", Path.Combine(_dir, "objects"), "--registry", RegistryUrl, "--corpus-version", "v-bad", "--window", "4", "--stride", "4");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.DoesNotContain("aistpp//", result.Out, StringComparison.Ordinal);
        Assert.Contains("rejected aistpp/d04/gBR_sBM_cAll_d04_mBR0_ch90.world: ", result.Out, StringComparison.Ordinal);
        Assert.Contains("rejected aistpp/?/notes.world: ", result.Out, StringComparison.Ordinal);
        await using var registry = await ExperimentRegistry.OpenAsync(RegistryUrl, false, CancellationToken.None);
        var rejected = (await registry.SequencesAsync("v-bad", CancellationToken.None)).Where(s => s.Status == "rejected").ToList();
        foreach (var (subject, sequence) in new[] { ("d04", "gBR_sBM_cAll_d04_mBR0_ch90"), ("d05", "gBR_sBM_cAll_d05_mBR0_ch91"), ("", "notes") })
        {
            var row = Assert.Single(rejected, s => s.Action == sequence);
            Assert.Equal(("aistpp", subject), (row.Dataset, row.Subject));
            Assert.Contains(sequence + ".pkl", row.Error, StringComparison.Ordinal);
        }
    }

    private S3ObjectStoreOptions Options(string prefix) =>
        new(_s3rver!.Endpoint, "us-east-1", Bucket, prefix, S3rver.Key, S3rver.Key, true, 16L << 20, 4, TimeSpan.FromMilliseconds(50));

    private static async Task<byte[]> ReadAllAsync(IObjectStore store, string key)
    {
        await using var stream = await store.GetAsync(key, CancellationToken.None);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
