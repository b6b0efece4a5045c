namespace PoseCluster.Host.Cli;

/// <summary>Where <c>harmonize</c> writes and records its corpus.</summary>
/// <param name="Out">A folder or s3://bucket/prefix (npy: a folder).</param>
/// <param name="Format">arrow (clip shards) or npy (one file per sequence).</param>
/// <param name="RegistryUrl">Registry that records datasets, the corpus version, sequences and shards.</param>
/// <param name="CorpusVersion">Version id, or null to derive it from the datasets' content and the configuration.</param>
/// <param name="Parent">Parent version id, "latest", or null for a one-shot build.</param>
internal sealed record HarmonizeTarget(string Out, string Format, string RegistryUrl, string? CorpusVersion, string? Parent);
