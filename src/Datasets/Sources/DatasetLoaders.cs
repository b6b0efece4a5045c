namespace PoseCluster.Datasets.Sources;

/// <summary>Creates the per-source loaders and detects which source a folder holds from its layout.</summary>
public static class DatasetLoaders
{
    /// <summary>The loader of one dataset kind.</summary>
    public static IDatasetLoader Create(DatasetKind kind, DatasetLoaderOptions? options = null)
    {
        options ??= DatasetLoaderOptions.Default;
        return kind switch
        {
            DatasetKind.H36M => new H36mLoader(options.H36m),
            DatasetKind.Mpi3dhp => new Mpi3dhpLoader(options.Mpi3dhp),
            DatasetKind.AistPlusPlus => new AistppLoader(options.Aistpp),
            DatasetKind.Mads => new MadsLoader(options.Mads),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "no loader for this dataset kind"),
        };
    }

    /// <summary>
    /// Every kind whose layout <paramref name="directory"/> has (h36m: the positions npz; 3dhp:
    /// S*/Seq*/annot.mat; aistpp: keypoints3d/*.pkl; mads: *_GT.mat below it). Empty when none matches.
    /// </summary>
    public static IReadOnlyList<DatasetKind> Detect(string directory, DatasetLoaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return Directory.Exists(directory)
            ? [.. DatasetKinds.All.Select(k => k.Kind).Where(kind => Create(kind, options).Recognizes(directory))]
            : [];
    }

    /// <summary>What a folder of <paramref name="kind"/> holds (the files its loader recognizes it by), for error messages.</summary>
    public static string ExpectedLayout(DatasetKind kind, DatasetLoaderOptions? options = null) => kind switch
    {
        DatasetKind.H36M => (options ?? DatasetLoaderOptions.Default).H36m.Positions3dFile,
        DatasetKind.Mpi3dhp => "S*/Seq*/annot.mat",
        DatasetKind.AistPlusPlus => "keypoints3d/*.pkl",
        _ => "multi_view_data/*/*_GT.mat",
    };
}
