using PoseCluster.Datasets.Pipeline;

namespace PoseCluster.Storage.Pipeline;

/// <summary>One sequence of a built version, as the registry records it.</summary>
/// <param name="Sequence">The sequence with its stage-1 result and where it is cached.</param>
/// <param name="Projection">Its stage-2 result, or null when rejected before stage 2.</param>
/// <param name="Stage1Status">How its unit got through stage 1 (computed, cached, skipped, unreadable).</param>
/// <param name="RejectReason">Why it is not in the corpus, or null.</param>
public sealed record SequenceOutcome(CorpusSequence Sequence, SequenceProjection? Projection, Stage1UnitStatus Stage1Status, string? RejectReason);
