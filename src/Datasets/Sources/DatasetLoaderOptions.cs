namespace PoseCluster.Datasets.Sources;

/// <summary>
/// Settings of the four loaders (posecluster.datasets.&lt;kind&gt; in reference.conf). The defaults are
/// the facts of shared/DATASETS.md; what nobody could verify (3DHP and MADS frame rates, MADS up axis)
/// is a setting rather than a guess.
/// </summary>
public sealed record DatasetLoaderOptions
{
    /// <summary>The documented defaults.</summary>
    public static DatasetLoaderOptions Default { get; } = new();

    /// <summary>Human3.6M settings.</summary>
    public H36mOptions H36m { get; init; } = new();

    /// <summary>MPI-INF-3DHP settings.</summary>
    public Mpi3dhpOptions Mpi3dhp { get; init; } = new();

    /// <summary>AIST++ settings.</summary>
    public AistppOptions Aistpp { get; init; } = new();

    /// <summary>MADS settings.</summary>
    public MadsOptions Mads { get; init; } = new();
}
