using PoseCluster.Datasets.Ingestion;
using PoseCluster.Datasets.Sources;

namespace PoseCluster.Datasets;

/// <summary>
/// A per-source loader (one class per dataset in src/Datasets/Sources, all of this shape). It streams
/// sequence by sequence, because a real dataset does not fit in memory, and reports a bad sequence as
/// skipped with its reason instead of failing the whole dataset. For ingestion it also works unit by
/// unit: <see cref="Layout"/> lists the units cheaply, <see cref="LoadUnit"/> parses one unit from bytes
/// read once by the caller.
/// </summary>
public interface IDatasetLoader
{
    /// <summary>The dataset kind this loader reads.</summary>
    DatasetKind Kind { get; }

    /// <summary>True when <paramref name="directory"/> looks like this loader's layout (for kind detection).</summary>
    bool Recognizes(string directory);

    /// <summary>Loads the dataset under <paramref name="directory"/>, one result per sequence, lazily (cameras attached).</summary>
    IEnumerable<SequenceLoadResult> Load(string directory, CancellationToken cancellationToken);

    /// <summary>
    /// The units of the dataset under <paramref name="directory"/> in load order, from the folder listing
    /// and the small list files (read whole through <paramref name="reader"/>); no unit file is read.
    /// </summary>
    /// <exception cref="DatasetFormatException">The folder is not a dataset of this kind (e.g. its required file is missing).</exception>
    DatasetLayout Layout(string directory, IRawFileReader reader);

    /// <summary>
    /// The sequences of one unit, parsed from <paramref name="files"/> (no file is opened); each is mapped
    /// by its <see cref="PendingSequence.Load"/>. Cameras are not read: stage 1 does not need them.
    /// </summary>
    /// <exception cref="DatasetFormatException">The unit's file cannot be parsed at all.</exception>
    IReadOnlyList<PendingSequence> LoadUnit(SourceUnit unit, UnitFiles files);
}
