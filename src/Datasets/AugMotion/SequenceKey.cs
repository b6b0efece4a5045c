namespace PoseCluster.Datasets.AugMotion;

/// <summary>Identifies a sequence within a corpus.</summary>
/// <param name="Dataset">Dataset kind name.</param>
/// <param name="Subject">Subject id.</param>
/// <param name="Action">Action or sequence name.</param>
/// <param name="Camera">Camera id or "world".</param>
public readonly record struct SequenceKey(string Dataset, string Subject, string Action, string Camera) : IComparable<SequenceKey>
{
    /// <summary>The key of a sequence.</summary>
    public static SequenceKey Of(PoseSequence sequence)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        return new(sequence.Dataset, sequence.Subject, sequence.Action, sequence.Camera);
    }

    /// <summary>Ordinal order by dataset, subject, action, camera (the manifest's order).</summary>
    public int CompareTo(SequenceKey other)
    {
        var c = string.CompareOrdinal(Dataset, other.Dataset);
        c = c != 0 ? c : string.CompareOrdinal(Subject, other.Subject);
        c = c != 0 ? c : string.CompareOrdinal(Action, other.Action);
        return c != 0 ? c : string.CompareOrdinal(Camera, other.Camera);
    }

    /// <summary>dataset/subject/action.camera</summary>
    public override string ToString() => $"{Dataset}/{Subject}/{Action}.{Camera}";
}
