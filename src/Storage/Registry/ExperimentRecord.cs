namespace PoseCluster.Storage.Registry;

/// <summary>An experiment: its spec (JSON) and status.</summary>
/// <param name="Id">Experiment id.</param>
/// <param name="Name">Human-readable name.</param>
/// <param name="Spec">The experiment spec as JSON.</param>
/// <param name="Status">pending, running, succeeded, failed or cancelled.</param>
/// <param name="CorpusVersion">Corpus version it trains on, if chosen.</param>
public sealed record ExperimentRecord(string Id, string Name, string Spec, string Status, string? CorpusVersion);
