using PoseCluster.Runtime.Configuration;

namespace PoseCluster.Runtime.Actors;

/// <summary>
/// The settings of an <see cref="ActorSystem"/>, read from <c>posecluster.actors</c>
/// (config/hocon/reference.conf documents each one; the defaults here are the same).
/// </summary>
public sealed record ActorSystemSettings
{
    /// <summary>The configuration path the settings are read from.</summary>
    public const string ConfigPath = "posecluster.actors";

    /// <summary>The settings of reference.conf.</summary>
    public static ActorSystemSettings Default { get; } = new();

    /// <summary>How long <c>Ask</c> waits for a reply when the caller gives no timeout (<c>ask-timeout</c>).</summary>
    public TimeSpan AskTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long coordinated shutdown waits for every actor to stop (<c>shutdown-timeout</c>).</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Messages an actor handles in a row before it lets other actors use its thread (<c>throughput</c>).</summary>
    public int Throughput { get; init; } = 100;

    /// <summary>Whether dead letters are logged (at Debug; they are always published on the event stream) (<c>log-dead-letters</c>).</summary>
    public bool LogDeadLetters { get; init; } = true;

    /// <summary>The strategy that supervises top-level actors and children of actors that keep the default (<c>supervision.*</c>).</summary>
    public OneForOneStrategy DefaultSupervisorStrategy { get; init; } = new(
        maxRestarts: 10,
        window: TimeSpan.FromMinutes(1),
        decider: SupervisorStrategy.DefaultDecider,
        backoff: new RestartBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10), 0.2));

    /// <summary>Reads the settings under <c>posecluster.actors</c> of <paramref name="config"/>; missing settings keep their defaults.</summary>
    public static ActorSystemSettings FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var actors = config.GetConfigOrEmpty(ConfigPath);
        var defaults = Default;
        var strategy = defaults.DefaultSupervisorStrategy;
        var throughput = actors.GetInt("throughput", defaults.Throughput);
        if (throughput < 1)
        {
            throw new ConfigurationException($"{ConfigPath}.throughput must be at least 1 (was {throughput}) at {actors.OriginOf("throughput")}");
        }

        return new ActorSystemSettings
        {
            AskTimeout = actors.GetDuration("ask-timeout", defaults.AskTimeout),
            ShutdownTimeout = actors.GetDuration("shutdown-timeout", defaults.ShutdownTimeout),
            Throughput = throughput,
            LogDeadLetters = actors.GetBoolean("log-dead-letters", defaults.LogDeadLetters),
            DefaultSupervisorStrategy = new OneForOneStrategy(
                actors.GetInt("supervision.max-restarts", strategy.MaxRestarts),
                actors.GetDuration("supervision.within", strategy.Window),
                SupervisorStrategy.DefaultDecider,
                new RestartBackoff(
                    actors.GetDuration("supervision.min-backoff", strategy.Backoff.Min),
                    actors.GetDuration("supervision.max-backoff", strategy.Backoff.Max),
                    actors.GetDouble("supervision.random-factor", strategy.Backoff.RandomFactor))),
        };
    }
}
