namespace PoseCluster.Storage.Registry;

/// <summary>A stored checkpoint of an experiment.</summary>
/// <param name="Key">Object key, experiments/&lt;id&gt;/checkpoints/step-00001000.ckpt.</param>
/// <param name="ExperimentId">Experiment.</param>
/// <param name="Step">Training step.</param>
/// <param name="Sha256">SHA-256, lower-case hex.</param>
/// <param name="Bytes">Size.</param>
public sealed record CheckpointRecord(string Key, string ExperimentId, long Step, string Sha256, long Bytes);
