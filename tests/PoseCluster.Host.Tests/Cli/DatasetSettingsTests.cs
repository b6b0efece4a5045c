using System.Numerics;
using PoseCluster.Datasets.Sources;
using PoseCluster.Host.Cli;
using PoseCluster.Configuration;

namespace PoseCluster.Host.Tests.Cli;

public sealed class DatasetSettingsTests
{
    private static Config Reference(string overrides = "") =>
        new ConfigBuilder().AddFile(Path.Combine(AppContext.BaseDirectory, "reference.conf")).AddText(overrides).Build();

    [Fact]
    public void Reference_conf_gives_the_loaders_their_documented_defaults()
    {
        var options = DatasetSettings.FromConfig(Reference());
        var defaults = DatasetLoaderOptions.Default;
        Assert.Equal(defaults.H36m, options.H36m);
        Assert.Equal(defaults.Aistpp, options.Aistpp);
        Assert.Equal(defaults.Mads, options.Mads);
        Assert.Equal(defaults.Mpi3dhp.Fps, options.Mpi3dhp.Fps);
        Assert.Equal(defaults.Mpi3dhp.UpAxis, options.Mpi3dhp.UpAxis);
        Assert.Equal(defaults.Mpi3dhp.AnnotationKey, options.Mpi3dhp.AnnotationKey);
        Assert.Equal(defaults.Mpi3dhp.FpsOverrides.OrderBy(p => p.Key), options.Mpi3dhp.FpsOverrides.OrderBy(p => p.Key));
    }

    [Fact]
    public void Every_setting_can_be_overridden()
    {
        var options = DatasetSettings.FromConfig(Reference("""
            posecluster.datasets {
              h36m { positions-2d-file = "data_2d_h36m_cpn_ft_h36m_dbb.npz", keypoints-2d-camera = 2, fps = 25 }
              3dhp { annotation = univ_annot3, fps-overrides { S2 = 50 } }
              aistpp { preferred-key = keypoints3d, up-axis = [0, 2, 0] }
              mads { fps = 30, up-axis = [0, 1, 0] }
            }
            """));
        Assert.Equal("data_2d_h36m_cpn_ft_h36m_dbb.npz", options.H36m.Positions2dFile);
        Assert.Equal(2, options.H36m.Keypoints2dCamera);
        Assert.Equal(25, options.H36m.Fps);
        Assert.Equal("univ_annot3", options.Mpi3dhp.AnnotationKey);
        Assert.Equal(50, options.Mpi3dhp.FpsOf("S2", "Seq1"));
        Assert.Equal(50, options.Mpi3dhp.FpsOf("S1", "Seq2")); // HOCON merges objects: the reference overrides stay
        Assert.Equal("keypoints3d", options.Aistpp.PreferredKey);
        Assert.Equal(Vector3.UnitY, options.Aistpp.UpAxis); // normalized
        Assert.Equal(30, options.Mads.Fps);
        Assert.Equal(Vector3.UnitY, options.Mads.UpAxis);
    }

    [Theory]
    [InlineData("[0, 0, 0]")]
    [InlineData("[1, 0]")]
    public void An_up_axis_that_is_not_a_direction_is_a_configuration_error(string axis)
    {
        var error = Assert.Throws<ConfigurationException>(() => DatasetSettings.FromConfig(Reference($"posecluster.datasets.mads.up-axis = {axis}")));
        Assert.Contains("up-axis", error.Message, StringComparison.Ordinal);
    }
}
