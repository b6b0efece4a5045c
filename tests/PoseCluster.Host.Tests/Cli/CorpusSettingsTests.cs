using PoseCluster.Datasets.AugMotion;
using PoseCluster.Datasets.Pipeline;
using PoseCluster.Datasets.Sources;
using PoseCluster.Host.Cli;
using PoseCluster.Configuration;

namespace PoseCluster.Host.Tests.Cli;

/// <summary>The corpus build's settings from reference.conf: the documented defaults, hence the config hash any other caller of the stage functions computes from the defaults.</summary>
public sealed class CorpusSettingsTests
{
    private static Config Reference(string overrides = "") =>
        new ConfigBuilder().AddFile(Path.Combine(AppContext.BaseDirectory, "reference.conf")).AddText(overrides).Build();

    [Fact]
    public void Reference_conf_gives_the_default_corpus_config_hash_tolerance_and_memory_budget()
    {
        var config = Reference();
        var settings = HarmonizeSettings.Corpus(HarmonizeSettings.FromConfig(config), DatasetSettings.FromConfig(config), config);
        Assert.Equal(1.0, settings.ReuseToleranceMm);
        Assert.Equal(1L << 30, settings.MemoryBudgetBytes);
        Assert.Equal((16, 16), (settings.Stage2.WindowLength, settings.Stage2.WindowStride));
        Assert.Equal(CorpusConfig.For(DatasetLoaderOptions.Default, new AugMotionOptions(), Stage2Options.Default).Text, settings.Config().Text);
    }

    [Fact]
    public void A_negative_tolerance_is_bad_input_naming_the_key()
    {
        var config = Reference("posecluster.augmotion.reuse-tolerance-mm = -1");
        var error = Assert.Throws<BadInputException>(() => HarmonizeSettings.Corpus(HarmonizeSettings.FromConfig(config), DatasetSettings.FromConfig(config), config));
        Assert.Contains("reuse-tolerance-mm", error.Message, StringComparison.Ordinal);
    }
}
