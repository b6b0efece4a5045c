using PoseCluster.Datasets.AugMotion;

namespace PoseCluster.Datasets.Pipeline;

/// <summary>The sequences of a corpus version that stage 2 projects, and those it rejects (with the dataset they belong to).</summary>
/// <param name="Accepted">Accepted sequences, in key order (dataset, subject, action, camera).</param>
/// <param name="Rejected">Rejected sequences with their reasons, in key order.</param>
public sealed record CorpusSelection(IReadOnlyList<CorpusSequence> Accepted, IReadOnlyList<(CorpusSequence Sequence, string Reason)> Rejected)
{
    /// <summary>
    /// Every dataset's Eq. 1 sums over its accepted sequences, added in key order so the result is the
    /// same bits whatever order the sequences were computed in. Datasets without an accepted sequence have zero sums.
    /// </summary>
    public IReadOnlyDictionary<string, ReferenceStatistics> DatasetSums(IEnumerable<string> datasets)
    {
        ArgumentNullException.ThrowIfNull(datasets);
        var sums = datasets.ToDictionary(d => d, _ => default(ReferenceStatistics), StringComparer.Ordinal);
        foreach (var sequence in Accepted)
        {
            sums[sequence.Dataset] = sums.GetValueOrDefault(sequence.Dataset) + sequence.Stage1.Statistics;
        }

        return sums;
    }
}
