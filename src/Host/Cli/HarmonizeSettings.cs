using PoseCluster.Datasets;
using PoseCluster.Datasets.AugMotion;
using PoseCluster.Datasets.Windows;
using PoseCluster.Configuration;

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
