using PoseCluster.Datasets.AugMotion;
using PoseCluster.Datasets.Windows;

namespace PoseCluster.Datasets.Pipeline;

/// <summary>
/// Stage 2 (ARCHITECTURE §4), pure: which sequences a corpus holds, the canonical triangle from the
/// stored partial sums of all its datasets, and per sequence the Kabsch fit onto that triangle, the
/// windows and the subject split. Deterministic: the result depends on the set of inputs, never on
/// their order or on which machine computed them.
/// </summary>
public static class Stage2
{
    /// <summary>
    /// Splits the corpus's sequences into accepted and rejected: stage-1 rejections stay rejected, and of
    /// several sequences with the same dataset, subject, action and camera the first (by unit, then load
    /// order) is kept and the others are rejected as duplicates.
    /// </summary>
    public static CorpusSelection Select(IEnumerable<CorpusSequence> sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        var ordered = sequences
            .OrderBy(s => s.Key)
            .ThenBy(s => s.Location.Unit, StringComparer.Ordinal)
            .ThenBy(s => s.Stage1.Index)
            .ToList();
        var accepted = new List<CorpusSequence>();
        var rejected = new List<(CorpusSequence, string)>();
        CorpusSequence? previous = null;
        foreach (var sequence in ordered)
        {
            if (sequence.Stage1.RejectReason is { } reason)
            {
                rejected.Add((sequence, reason));
            }
            else if (previous is not null && previous.Key == sequence.Key)
            {
                rejected.Add((sequence, $"duplicate sequence ({sequence.Stage1.Source} has the same dataset, subject, action and camera as {previous.Stage1.Source})"));
            }
            else
            {
                accepted.Add(sequence);
                previous = sequence;
            }
        }

        return new(accepted, rejected);
    }

    /// <summary>
    /// The canonical triangle of a corpus from its datasets' sums, added in dataset-name order
    /// (Ms, Msp: frame-weighted means over every valid frame of every dataset, paper Eq. 1).
    /// </summary>
    /// <exception cref="HarmonizationException">No dataset has a usable frame.</exception>
    public static CanonicalTriangle Triangle(IReadOnlyDictionary<string, ReferenceStatistics> datasetSums)
    {
        ArgumentNullException.ThrowIfNull(datasetSums);
        var total = datasetSums.OrderBy(d => d.Key, StringComparer.Ordinal).Aggregate(default(ReferenceStatistics), (sum, d) => sum + d.Value);
        return total.Frames > 0
            ? CanonicalTriangle.From(total)
            : throw new HarmonizationException(string.Join(", ", datasetSums.Keys.Order(StringComparer.Ordinal)), "no sequence has a usable frame, so there is no canonical triangle");
    }

    /// <summary>Stage 2 of one accepted sequence: Kabsch onto <paramref name="triangle"/>, windows and split.</summary>
    public static SequenceProjection Project(CorpusSequence sequence, CanonicalTriangle triangle, Stage2Options options)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        ArgumentNullException.ThrowIfNull(options);
        var stage1 = sequence.Stage1;
        var split = options.Splits.SplitOf(DatasetKinds.NameOf(sequence.Kind), stage1.Subject);
        if (stage1.RejectReason is { } rejected)
        {
            return new([], [], 0, split, 0, rejected);
        }

        var fit = SequenceHarmonizer.Fit(stage1.ReferencePoints(), triangle, stage1.KeyFrame, out var reason);
        if (fit is null)
        {
            return new([], [], 0, split, 0, reason);
        }

        var transform = fit.Value.Transform;
        var r = transform.Rotation;
        var windows = WindowPlanner.StartsFromRuns(stage1.ValidRuns, options.WindowLength, options.WindowStride).Length;
        return new(
            [r.M11, r.M12, r.M13, r.M21, r.M22, r.M23, r.M31, r.M32, r.M33],
            transform.Translation.ToArray(),
            fit.Value.RmsdMm,
            split,
            windows,
            null);
    }
}
