namespace PoseCluster.Actors.Harmonization;

/// <summary>Where a corpus build is (one version at a time).</summary>
public enum CorpusBuildPhase
{
    /// <summary>Asking every dataset with a complete ingestion for its inputs (content hash, sums, sequences).</summary>
    Gathering,

    /// <summary>Reading the parent's document and deciding the version (reuse rule).</summary>
    Planning,

    /// <summary>Every accepted sequence's Sequence entity computes its stage 2 for the version.</summary>
    Projecting,

    /// <summary>ShardWriter entities write the planned shards while the registry records the version (building) and its sequences.</summary>
    Writing,

    /// <summary>corpus.json, version.json, the manifest last; the registry marks the version complete.</summary>
    Publishing,
}
