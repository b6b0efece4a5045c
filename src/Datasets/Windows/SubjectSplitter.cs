namespace PoseCluster.Datasets.Windows;

/// <summary>
/// Splits by subject, never by clip (ARCHITECTURE §4). A subject listed for its dataset goes to that
/// split (Human3.6M: S1, S5, S6, S7, S8 train; S9, S11 test). Any other subject goes by a stable hash:
/// FNV-1a of "dataset/subject" modulo 100 against the train/val/test percentages (default 70/20/10).
/// </summary>
public sealed class SubjectSplitter
{
    private readonly Dictionary<string, Dictionary<string, string>> _explicit;
    private readonly int _trainPercent;
    private readonly int _valPercent;

    /// <summary>Creates a splitter; throws when percentages do not add up to 100 or a subject is listed twice.</summary>
    /// <param name="lists">Explicit lists per dataset kind name (h36m, 3dhp, aistpp, mads).</param>
    /// <param name="trainPercent">Share of hashed subjects in train.</param>
    /// <param name="valPercent">Share in val.</param>
    /// <param name="testPercent">Share in test.</param>
    public SubjectSplitter(IReadOnlyDictionary<string, SubjectLists> lists, int trainPercent = 70, int valPercent = 20, int testPercent = 10)
    {
        ArgumentNullException.ThrowIfNull(lists);
        if (trainPercent < 0 || valPercent < 0 || testPercent < 0 || trainPercent + valPercent + testPercent != 100)
        {
            throw new ArgumentException($"split percentages must be non-negative and add up to 100 (got {trainPercent}/{valPercent}/{testPercent})");
        }

        _trainPercent = trainPercent;
        _valPercent = valPercent;
        _explicit = new(StringComparer.Ordinal);
        var canonical = new System.Text.StringBuilder(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"percent={trainPercent}/{valPercent}/{testPercent}\n"));
        foreach (var (dataset, subjectLists) in lists)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (split, subjects) in new[] { (DataSplit.Train, subjectLists.Train), (DataSplit.Val, subjectLists.Val), (DataSplit.Test, subjectLists.Test) })
            {
                foreach (var subject in subjects)
                {
                    if (!map.TryAdd(subject, split))
                    {
                        throw new ArgumentException($"subject {subject} of {dataset} is listed in both {map[subject]} and {split}");
                    }
                }
            }

            _explicit[dataset] = map;
        }

        foreach (var (dataset, map) in _explicit.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            foreach (var (subject, split) in map.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                canonical.Append(dataset).Append('/').Append(subject).Append('=').Append(split).Append('\n');
            }
        }

        Canonical = canonical.ToString();
    }

    /// <summary>Every assignment rule as canonical text (percentages, then each listed subject in ordinal order): part of the corpus config hash.</summary>
    public string Canonical { get; }

    /// <summary>The Human3.6M protocol and 70/20/10 hashing for every other dataset.</summary>
    public static SubjectSplitter Default { get; } = new(new Dictionary<string, SubjectLists>
    {
        ["h36m"] = new(["S1", "S5", "S6", "S7", "S8"], [], ["S9", "S11"]),
    });

    /// <summary>train, val or test for a subject of a dataset.</summary>
    public string SplitOf(string dataset, string subject)
    {
        if (_explicit.TryGetValue(dataset, out var map) && map.TryGetValue(subject, out var split))
        {
            return split;
        }

        var bucket = (int)(StableHash.Fnv1a64($"{dataset}/{subject}") % 100);
        return bucket < _trainPercent ? DataSplit.Train : bucket < _trainPercent + _valPercent ? DataSplit.Val : DataSplit.Test;
    }
}
