namespace PoseCluster.Storage.Registry;

/// <summary>A dataset's part in a corpus version: its Eq. 1 partial sums and whether its shards are the parent's.</summary>
/// <param name="Dataset">Dataset name.</param>
/// <param name="Kind">Dataset kind.</param>
/// <param name="ShoulderWidthSumMm">Σ shoulder width over its accepted sequences' valid frames, mm.</param>
/// <param name="ShoulderToPelvisSumMm">Σ shoulder-midpoint→pelvis distance, mm.</param>
/// <param name="Frames">Frames summed.</param>
/// <param name="Reused">True when the version keeps the parent's shards of this dataset.</param>
public sealed record CorpusDatasetRecord(string Dataset, string Kind, double ShoulderWidthSumMm, double ShoulderToPelvisSumMm, long Frames, bool Reused);
