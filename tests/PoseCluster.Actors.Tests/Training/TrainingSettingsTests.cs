using PoseCluster.Actors.Training;
using PoseCluster.Models;
using PoseCluster.Configuration;

namespace PoseCluster.Actors.Tests.Training;

public sealed class TrainingSettingsTests
{
    private static string ReferenceConf() => PoseCluster.Testing.RepositoryRoot.ReferenceConf();

    [Fact]
    public void Reference_conf_gives_the_documented_heatpose_defaults_and_the_small_preset()
    {
        var settings = TrainingSettings.FromConfig(new ConfigBuilder(_ => null).AddFile(ReferenceConf()).Build());
        Assert.Equal(ModelOptions.Small.Grid, settings.Model.Grid);
        Assert.Equal(16, settings.Model.Grid);
        Assert.Equal(2000f, settings.Model.ExtentMm);
        Assert.Equal(1f, settings.Model.SigmaVoxels);
        Assert.Equal(100f, settings.Model.SideStepMm);
        Assert.Equal(HeadKind.HeatPose, settings.Model.Head);
        Assert.Equal(ModelOptions.Small.EmbedDim, settings.Model.EmbedDim);
        Assert.Equal(17, settings.Model.Joints);
        Assert.Equal(500, settings.CheckpointEvery);
        Assert.Equal(25_000_000, settings.BucketBytes);
        Assert.Equal(4500f, settings.Loader.Camera.DistanceMm);
        Assert.Equal("cpu", settings.Device);
        Assert.Equal(4, settings.Loader.BatchSize);
        Assert.Equal(128, settings.EvalMaxClips);
        Assert.Equal(TimeSpan.FromSeconds(60), settings.CollectiveTimeout);
    }

    [Fact]
    public void A_user_file_switches_the_preset_and_the_head_and_overrides_sizes()
    {
        var config = new ConfigBuilder(_ => null).AddFile(ReferenceConf())
            .AddText("posecluster.model { preset = tiny, head = regression, depth = 3 }, posecluster.heatpose.grid = 24", "user.conf")
            .Build();
        var settings = TrainingSettings.FromConfig(config);
        Assert.Equal(HeadKind.Regression, settings.Model.Head);
        Assert.Equal(3, settings.Model.Depth);
        Assert.Equal(24, settings.Model.Grid);
    }

    [Fact]
    public void An_unknown_head_or_preset_is_a_configuration_error_naming_the_setting()
    {
        var head = new ConfigBuilder(_ => null).AddFile(ReferenceConf()).AddText("posecluster.model.head = gaussian", "user.conf").Build();
        Assert.Contains("posecluster.model.head", Assert.Throws<ConfigurationException>(() => TrainingSettings.FromConfig(head)).Message, StringComparison.Ordinal);
        var preset = new ConfigBuilder(_ => null).AddFile(ReferenceConf()).AddText("posecluster.model.preset = huge", "user.conf").Build();
        Assert.Contains("posecluster.model.preset", Assert.Throws<ConfigurationException>(() => TrainingSettings.FromConfig(preset)).Message, StringComparison.Ordinal);
    }
}
