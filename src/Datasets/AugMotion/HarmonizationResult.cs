namespace PoseCluster.Datasets.AugMotion;

/// <summary>What a corpus run produced: the manifest and the Eq. 1 sums of each dataset.</summary>
/// <param name="Manifest">corpus.json's content.</param>
/// <param name="DatasetStatistics">Per dataset kind name, the sums over its valid frames (their total gives Ms and Msp).</param>
public sealed record HarmonizationResult(CorpusManifest Manifest, IReadOnlyDictionary<string, ReferenceStatistics> DatasetStatistics);
