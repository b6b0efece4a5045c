using PoseCluster.Datasets;
using PoseCluster.Datasets.AugMotion;
using PoseCluster.Datasets.Pipeline;
using PoseCluster.Datasets.Sources;
using PoseCluster.Datasets.Windows;
using PoseCluster.Configuration;
using PoseCluster.Storage.Pipeline;

namespace PoseCluster.Host.Cli;

/// <summary>Builds the harmonizer's options from posecluster.augmotion, .windows and .datasets (reference.conf documents each key).</summary>
internal static class HarmonizeSettings
{
    public static HarmonizerOptions FromConfig(Config config)
    {
        var augmotion = config.GetConfigOrEmpty("posecluster.augmotion");
        var seed = augmotion.GetLong("seed", 42);
        var parallelism = augmotion.GetInt("parallelism", 0);
        return new HarmonizerOptions(
            new AugMotionOptions(
                augmotion.GetDouble("upright-max-angle-degrees", 15),
                augmotion.GetInt("clusters", 3),
                unchecked((ulong)seed),
                augmotion.GetInt("max-iterations", 100)),
            config.GetInt("posecluster.windows.length", 16),
            config.GetInt("posecluster.windows.stride", 16),
            Splits(config),
            parallelism > 0 ? parallelism : Environment.ProcessorCount);
    }

    /// <summary>The corpus build's settings: <paramref name="options"/> (with command-line overrides) plus loaders, shard sizing, reuse tolerance and memory budget.</summary>
    public static CorpusSettings Corpus(HarmonizerOptions options, DatasetLoaderOptions loaders, Config config)
    {
        var shards = StorageSettings.Shards(config);
        var augmotion = config.GetConfigOrEmpty("posecluster.augmotion");
        var tolerance = augmotion.GetDouble("reuse-tolerance-mm", 1.0);
        if (!(tolerance >= 0) || !double.IsFinite(tolerance))
        {
            throw new BadInputException($"posecluster.augmotion.reuse-tolerance-mm must be a finite number >= 0 (got {tolerance})");
        }

        return new CorpusSettings(
            new Stage1Settings(loaders, options.AugMotion, options.MaxDegreeOfParallelism),
            new Stage2Options(options.WindowLength, options.WindowStride, options.Splits, shards.TargetShardBytes, shards.BatchBytes),
            tolerance,
            augmotion.GetByteSize("stage1-memory", 1L << 30));
    }

    private static SubjectSplitter Splits(Config config)
    {
        var datasets = config.GetConfigOrEmpty("posecluster.datasets");
        var lists = new Dictionary<string, SubjectLists>(StringComparer.Ordinal);
        foreach (var (_, name, _) in DatasetKinds.All)
        {
            var section = datasets.GetConfigOrEmpty(name);
            lists[name] = new SubjectLists(
                section.GetStringList("train-subjects", []),
                section.GetStringList("val-subjects", []),
                section.GetStringList("test-subjects", []));
        }

        var percent = datasets.GetConfigOrEmpty("split-percent");
        try
        {
            return new SubjectSplitter(lists, percent.GetInt("train", 70), percent.GetInt("val", 20), percent.GetInt("test", 10));
        }
        catch (ArgumentException e)
        {
            throw new BadInputException($"posecluster.datasets: {e.Message}");
        }
    }
}
