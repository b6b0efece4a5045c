namespace PoseCluster.Datasets;

/// <summary>
/// A per-source loader (one class per dataset in src/Datasets/Sources, all of this shape). It streams
/// sequence by sequence, because a real dataset does not fit in memory, and reports a bad sequence as
/// skipped with its reason instead of failing the whole dataset.
/// </summary>
public interface IDatasetLoader
{
    /// <summary>The dataset kind this loader reads.</summary>
    DatasetKind Kind { get; }

    /// <summary>True when <paramref name="directory"/> looks like this loader's layout (for kind detection).</summary>
    bool Recognizes(string directory);

    /// <summary>Loads the dataset under <paramref name="directory"/>, one result per sequence, lazily.</summary>
    IEnumerable<SequenceLoadResult> Load(string directory, CancellationToken cancellationToken);
}
