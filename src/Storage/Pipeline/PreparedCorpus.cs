using PoseCluster.Datasets.Ingestion;
using PoseCluster.Datasets.Pipeline;

namespace PoseCluster.Storage.Pipeline;

/// <summary>A corpus version decided but not yet written: stage 1 done, the version planned, every sequence's stage-2 result and the shard layout known.</summary>
/// <param name="Datasets">Every dataset's fingerprint.</param>
/// <param name="Plan">The version plan.</param>
/// <param name="Existing">The version's document when it is already complete in the store (or is the parent), else null.</param>
/// <param name="Parent">The parent's document, or null.</param>
/// <param name="Sequences">Every sequence's outcome (accepted ones with their projection).</param>
/// <param name="Shards">The shards to write (the reused datasets' are the parent's).</param>
/// <param name="Counts">Stage-1 counts.</param>
public sealed record PreparedCorpus(
    IReadOnlyList<DatasetFingerprint> Datasets,
    CorpusVersionPlan Plan,
    CorpusVersionDocument? Existing,
    CorpusVersionDocument? Parent,
    IReadOnlyList<SequenceOutcome> Sequences,
    IReadOnlyList<ShardAssignment> Shards,
    Stage1Counts Counts);
