namespace PoseCluster.Storage.Registry;

/// <summary>An experiment: its spec (JSON) and status.</summary>
/// <param name="Id">Experiment id.</param>
/// <param name="Name">Human-readable name.</param>
/// <param name="Spec">The experiment spec as JSON.</param>
/// <param name="Status">The owner's status names: running, completed or failed for <c>posecluster train</c>; Submitted,
/// WaitingForCorpus, Training, Evaluating, Succeeded, Failed or Cancelled for experiments submitted to the cluster.</param>
/// <param name="CorpusVersion">Corpus version it trains on, if chosen.</param>
/// <param name="Created">When it was created (read back from the registry; on write, null means now).</param>
public sealed record ExperimentRecord(string Id, string Name, string Spec, string Status, string? CorpusVersion, DateTimeOffset? Created = null);
