using PoseCluster.Configuration;

namespace PoseCluster.Actors.Experiments;

/// <summary>posecluster.experiments: retry intervals and timeouts of an experiment's lifecycle (reference.conf documents each key).</summary>
/// <param name="CorpusRetry">How often a waiting experiment looks for its corpus again.</param>
/// <param name="ClaimRetry">How often an experiment asks for trainer slots again when too few are free.</param>
/// <param name="RegistryRetry">How soon a failed registry write is tried again.</param>
/// <param name="StartTimeout">How long an attempt's ranks may take to start and rendezvous.</param>
/// <param name="DrainTimeout">After a rank failed, how long the others may take to end before the attempt ends without them.</param>
/// <param name="FinishedIdle">A finished experiment's entity stops after this long without messages.</param>
public sealed record ExperimentTimings(
    TimeSpan CorpusRetry,
    TimeSpan ClaimRetry,
    TimeSpan RegistryRetry,
    TimeSpan StartTimeout,
    TimeSpan DrainTimeout,
    TimeSpan FinishedIdle)
{
    /// <summary>Reads posecluster.experiments.</summary>
    public static ExperimentTimings FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var e = config.GetConfigOrEmpty("posecluster.experiments");
        return new ExperimentTimings(
            e.GetDuration("corpus-retry-interval", TimeSpan.FromSeconds(5)),
            e.GetDuration("claim-retry-interval", TimeSpan.FromSeconds(2)),
            e.GetDuration("registry-retry-interval", TimeSpan.FromSeconds(5)),
            e.GetDuration("start-timeout", TimeSpan.FromMinutes(2)),
            e.GetDuration("drain-timeout", TimeSpan.FromSeconds(90)),
            e.GetDuration("finished-idle-timeout", TimeSpan.FromMinutes(1)));
    }
}
