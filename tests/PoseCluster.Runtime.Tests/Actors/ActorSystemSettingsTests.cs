using PoseCluster.Runtime.Actors;
using PoseCluster.Runtime.Configuration;

namespace PoseCluster.Runtime.Tests.Actors;

/// <summary>posecluster.actors in reference.conf and the defaults in code agree; overrides are read.</summary>
public sealed class ActorSystemSettingsTests
{
    private static string ReferenceConf() => PoseCluster.Testing.RepositoryRoot.ReferenceConf();

    [Fact]
    public void Reference_conf_names_every_actor_setting_with_the_defaults_the_code_uses()
    {
        var config = new ConfigBuilder(_ => null).AddFile(ReferenceConf()).Build();
        var actors = config.GetConfig(ActorSystemSettings.ConfigPath);
        foreach (var path in new[] { "ask-timeout", "shutdown-timeout", "throughput", "log-dead-letters", "supervision.max-restarts", "supervision.within", "supervision.min-backoff", "supervision.max-backoff", "supervision.random-factor" })
        {
            Assert.True(actors.HasPath(path), $"posecluster.actors.{path} is missing from reference.conf");
        }

        var fromFile = ActorSystemSettings.FromConfig(config);
        var defaults = ActorSystemSettings.Default;
        Assert.Equal(defaults.AskTimeout, fromFile.AskTimeout);
        Assert.Equal(defaults.ShutdownTimeout, fromFile.ShutdownTimeout);
        Assert.Equal(defaults.Throughput, fromFile.Throughput);
        Assert.Equal(defaults.LogDeadLetters, fromFile.LogDeadLetters);
        Assert.Equal(defaults.DefaultSupervisorStrategy.MaxRestarts, fromFile.DefaultSupervisorStrategy.MaxRestarts);
        Assert.Equal(defaults.DefaultSupervisorStrategy.Window, fromFile.DefaultSupervisorStrategy.Window);
        Assert.Equal(defaults.DefaultSupervisorStrategy.Backoff, fromFile.DefaultSupervisorStrategy.Backoff);
    }

    [Fact]
    public void Settings_written_in_the_config_override_the_defaults()
    {
        var config = Config.Parse("""
            posecluster.actors {
              ask-timeout = 2s
              shutdown-timeout = 5s
              throughput = 7
              log-dead-letters = off
              supervision { max-restarts = 3, within = 10s, min-backoff = 1s, max-backoff = 4s, random-factor = 0 }
            }
            """);
        var settings = ActorSystemSettings.FromConfig(config);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.AskTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.ShutdownTimeout);
        Assert.Equal(7, settings.Throughput);
        Assert.False(settings.LogDeadLetters);
        Assert.Equal(3, settings.DefaultSupervisorStrategy.MaxRestarts);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.DefaultSupervisorStrategy.Window);
        Assert.Equal(new RestartBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4), 0), settings.DefaultSupervisorStrategy.Backoff);
    }

    [Fact]
    public void A_throughput_below_one_is_rejected_with_the_setting_named()
    {
        var error = Assert.Throws<ConfigurationException>(() => ActorSystemSettings.FromConfig(Config.Parse("posecluster.actors.throughput = 0")));
        Assert.Contains("posecluster.actors.throughput", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void System_names_with_characters_outside_letters_digits_dash_and_underscore_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => ActorSystem.Create("no spaces"));
        Assert.Throws<ArgumentException>(() => ActorSystem.Create("no/slash"));
    }
}
