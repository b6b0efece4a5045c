using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PoseCluster.Datasets.AugMotion;
using PoseCluster.Configuration;
using PoseCluster.Storage.Registry;
using PoseCluster.Storage.Shards;
using HarmonizedCorpus = PoseCluster.Datasets.AugMotion.CorpusManifest;

namespace PoseCluster.Host.Cli;

/// <summary>
/// Runs the harmonizer into the chosen output (Arrow shards in an object store, or npy files) and
/// records the run in the registry: datasets by content hash, the corpus version (building, then
/// complete or failed), every sequence with its status and reject reason, and the shards.
/// </summary>
internal static class HarmonizeOutput
{
    public static async Task<(HarmonizedCorpus Manifest, string Written)> RunAsync(
        HarmonizeTarget target,
        IReadOnlyList<HarmonizationSource> sources,
        IReadOnlyList<string> folders,
        HarmonizerOptions settings,
        Config config,
        CancellationToken cancellationToken)
    {
        var datasets = sources.Select((s, i) => new DatasetRecord(s.Dataset, ContentHash(folders[i]), folders[i])).ToList();
        var configHash = Hash(string.Join('\n',
            config.GetConfigOrEmpty("posecluster.augmotion").ToJson(false),
            config.GetConfigOrEmpty("posecluster.datasets").ToJson(false),
            settings.WindowLength.ToString(CultureInfo.InvariantCulture),
            settings.WindowStride.ToString(CultureInfo.InvariantCulture),
            settings.AugMotion.Seed.ToString(CultureInfo.InvariantCulture),
            target.Format));
        var version = target.CorpusVersion
            ?? "v-" + Hash(string.Join('\n', datasets.OrderBy(d => d.Name, StringComparer.Ordinal).Select(d => $"{d.Name}={d.ContentHash}").Append(configHash)))[..12];

        await using var registry = await ExperimentRegistry.OpenAsync(target.RegistryUrl, migrate: true, cancellationToken).ConfigureAwait(false);
        foreach (var dataset in datasets)
        {
            await registry.UpsertDatasetAsync(dataset, cancellationToken).ConfigureAwait(false);
        }

        var corpus = new CorpusVersionRecord(version, configHash, settings.WindowLength, settings.WindowStride, 0, 0, "building", null,
            datasets.ToDictionary(d => d.Name, d => d.ContentHash, StringComparer.Ordinal));
        await registry.UpsertCorpusVersionAsync(corpus, cancellationToken).ConfigureAwait(false);
        try
        {
            var (manifest, written, shards, manifestKey) = target.Format == "npy"
                ? await WriteNpyAsync(target, sources, settings, cancellationToken).ConfigureAwait(false)
                : await WriteShardsAsync(target, version, sources, settings, config, cancellationToken).ConfigureAwait(false);
            var recorded = new HashSet<(string, string, string, string)>();
            foreach (var sequence in manifest.Sequences)
            {
                recorded.Add((sequence.Dataset, sequence.Subject, sequence.Action, sequence.Camera));
                await registry.UpsertSequenceAsync(new SequenceRecord(version, sequence.Dataset, sequence.Subject, sequence.Action, sequence.Camera,
                    sequence.Frames, sequence.Windows, "ok", null), cancellationToken).ConfigureAwait(false);
            }

            foreach (var rejected in manifest.Rejected)
            {
                // One row per rejection: one that shares its name with a row already recorded (a duplicate
                // of a harmonized sequence, two unreadable files the loader could not tell apart) gets
                // "#2", "#3", ... on its camera instead of overwriting that row; its reason names its file.
                var camera = rejected.Camera;
                for (var n = 2; !recorded.Add((rejected.Dataset, rejected.Subject, rejected.Action, camera)); n++)
                {
                    camera = string.Create(CultureInfo.InvariantCulture, $"{rejected.Camera}#{n}");
                }

                await registry.UpsertSequenceAsync(new SequenceRecord(version, rejected.Dataset, rejected.Subject, rejected.Action, camera,
                    0, 0, "rejected", rejected.Reason), cancellationToken).ConfigureAwait(false);
            }

            foreach (var shard in shards)
            {
                await registry.UpsertShardAsync(new ShardRecord(version, shard.Key, shard.Split, shard.Clips, shard.Bytes, shard.Sha256), cancellationToken).ConfigureAwait(false);
            }

            await registry.UpsertCorpusVersionAsync(corpus with { Ms = manifest.Ms, Msp = manifest.Msp, Status = "complete", ManifestKey = manifestKey }, cancellationToken).ConfigureAwait(false);
            return (manifest, written);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            await registry.UpsertCorpusVersionAsync(corpus with { Status = "failed" }, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<(HarmonizedCorpus, string, IReadOnlyList<ShardEntry>, string?)> WriteNpyAsync(
        HarmonizeTarget target, IReadOnlyList<HarmonizationSource> sources, HarmonizerOptions settings, CancellationToken cancellationToken)
    {
        if (target.Out.Contains("://", StringComparison.Ordinal))
        {
            throw new BadInputException($"--out {target.Out}: --format npy writes to a folder");
        }

        var folder = Path.GetFullPath(target.Out);
        Directory.CreateDirectory(folder);
        var result = await new Harmonizer(settings).RunAsync(sources, new NpySequenceSink(folder), cancellationToken).ConfigureAwait(false);
        var corpusJson = Path.Combine(folder, "corpus.json");
        await File.WriteAllTextAsync(corpusJson, result.Manifest.ToJson(), cancellationToken).ConfigureAwait(false);
        return (result.Manifest, corpusJson, [], null);
    }

    private static async Task<(HarmonizedCorpus, string, IReadOnlyList<ShardEntry>, string?)> WriteShardsAsync(
        HarmonizeTarget target, string version, IReadOnlyList<HarmonizationSource> sources, HarmonizerOptions settings, Config config, CancellationToken cancellationToken)
    {
        var store = StorageSettings.ObjectStore(target.Out, config);
        try
        {
            var sink = new ClipShardSink(store, version, settings.WindowLength, settings.WindowStride, StorageSettings.Shards(config));
            await using (sink.ConfigureAwait(false))
            {
                var result = await new Harmonizer(settings).RunAsync(sources, sink, cancellationToken).ConfigureAwait(false);
                using (var corpusJson = new MemoryStream(Encoding.UTF8.GetBytes(result.Manifest.ToJson())))
                {
                    await store.PutAsync($"corpora/{version}/corpus.json", corpusJson, cancellationToken).ConfigureAwait(false);
                }

                // The manifest goes last: its presence means every shard is stored.
                var manifest = await sink.CompleteAsync(cancellationToken).ConfigureAwait(false);
                var key = Storage.Shards.CorpusManifest.KeyFor(version);
                return (result.Manifest, $"{manifest?.Shards.Count ?? 0} shards and {key} to {store.Location}", manifest?.Shards ?? [], key);
            }
        }
        finally
        {
            (store as IDisposable)?.Dispose();
        }
    }

    /// <summary>SHA-256 over every file of a dataset folder (relative path and bytes, in path order).</summary>
    private static string ContentHash(string folder)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(folder, file).Replace('\\', '/') + "\n"));
            using var stream = File.OpenRead(file);
            var buffer = new byte[1 << 20];
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                hash.AppendData(buffer.AsSpan(0, read));
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
