using PoseCluster.Actors.Harmonization;
using PoseCluster.Datasets;
using PoseCluster.Datasets.Pipeline;
using PoseCluster.Storage.Pipeline;

namespace PoseCluster.Actors.Ingestion;

/// <summary>
/// What a finished stage 1 of a dataset amounts to (pure): its sequences as stage 2 sees them, the
/// selection (stage-1 rejections and duplicates rejected, exactly as <see cref="Stage2.Select"/> does for a
/// one-process build), the Eq. 1 sums over the accepted ones, and the sequence counts.
/// </summary>
internal static class DatasetCompletion
{
    /// <summary>The inputs a corpus version takes from this ingestion, and each accepted sequence's stage-1 record by Sequence entity id.</summary>
    public static (DatasetInputs Inputs, IReadOnlyDictionary<string, CorpusSequence> Accepted) Compute(
        string dataset, string job, DatasetKind kind, string contentHash, IEnumerable<Stage1UnitOutcome> outcomes)
    {
        var list = outcomes.ToList();
        var status = new Dictionary<(string Unit, int Index), Stage1UnitStatus>();
        var sequences = new List<CorpusSequence>();
        foreach (var outcome in list)
        {
            var location = outcome.Location ?? new Stage1Location("", "", outcome.Unit);
            foreach (var sequence in outcome.Sequences)
            {
                sequences.Add(new CorpusSequence(dataset, kind, location, sequence));
                status[(outcome.Unit, sequence.Index)] = outcome.Status;
            }
        }

        var selection = Stage2.Select(sequences);
        var sums = selection.DatasetSums([dataset])[dataset];
        var version = new VersionDataset(dataset, DatasetKinds.NameOf(kind), contentHash, sums.ShoulderWidthSumMm, sums.ShoulderToPelvisSumMm, sums.Frames);
        Stage1UnitStatus StatusOf(CorpusSequence s) => status[(s.Location.Unit, s.Stage1.Index)];
        var accepted = selection.Accepted.ToDictionary(s => SequenceEntity.IdOf(s.Key), s => s, StringComparer.Ordinal);
        var inputs = new DatasetInputs(
            dataset, job, kind, version,
            selection.Accepted.Select(s => new SequenceRef(SequenceEntity.IdOf(s.Key), s.Location, s.Stage1.Index, StatusOf(s))).ToArray(),
            selection.Rejected.Select(r => new RejectedSequence(r.Sequence, StatusOf(r.Sequence), r.Reason)).ToArray(),
            new Stage1Counts(
                list.Count(o => o.Status == Stage1UnitStatus.Computed),
                list.Count(o => o.Status == Stage1UnitStatus.Cached),
                list.Where(o => o.Status == Stage1UnitStatus.Computed).Sum(o => o.SequencesComputed),
                list.Where(o => o.Status == Stage1UnitStatus.Cached).Sum(o => o.Sequences.Count(s => s.Frames > 0)),
                selection.Rejected.Count));
        return (inputs, accepted);
    }

    /// <summary>Counts and errors of a finished stage 1 (duplicates rejected).</summary>
    public static (SequenceCounts Counts, IReadOnlyList<SequenceError> Errors) Counts(DatasetInputs inputs, int maxErrors)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var computed = inputs.Accepted.Count(a => a.Status == Stage1UnitStatus.Computed);
        var failed = inputs.Rejected.Count(r => r.Status == Stage1UnitStatus.Unreadable);
        var rejected = inputs.Rejected.Count - failed;
        var total = inputs.Accepted.Count + inputs.Rejected.Count;
        var errors = inputs.Rejected.Take(maxErrors).Select(r => new SequenceError(Name(r.Sequence.Stage1), r.Reason)).ToList();
        return (new SequenceCounts(total, inputs.Accepted.Count, computed, inputs.Accepted.Count - computed, failed, rejected), errors);
    }

    /// <summary>Counts and errors while stage 1 runs: recorded units' sequences, and one per unit still out.</summary>
    public static (SequenceCounts Counts, IReadOnlyList<SequenceError> Errors) Counts(IEnumerable<Stage1UnitOutcome> recorded, int pendingUnits, int maxErrors)
    {
        int total = pendingUnits, computed = 0, cached = 0, failed = 0, rejected = 0;
        var errors = new List<SequenceError>();
        foreach (var outcome in recorded)
        {
            foreach (var sequence in outcome.Sequences)
            {
                total++;
                if (outcome.Status == Stage1UnitStatus.Unreadable)
                {
                    failed++;
                }
                else if (sequence.RejectReason is not null)
                {
                    rejected++;
                }
                else if (outcome.Status == Stage1UnitStatus.Computed)
                {
                    computed++;
                }
                else
                {
                    cached++;
                }

                if (sequence.RejectReason is { } reason && errors.Count < maxErrors)
                {
                    errors.Add(new SequenceError(Name(sequence), reason));
                }
            }
        }

        return (new SequenceCounts(total, computed + cached, computed, cached, failed, rejected), errors);
    }

    private static string Name(Stage1Sequence s) => string.Join('/', new[] { s.Subject, s.Action, s.Camera }.Where(p => p.Length > 0));
}
