namespace PoseCluster.Datasets;

/// <summary>Command-line names of the dataset kinds (<c>--kind h36m|3dhp|aistpp|mads</c>).</summary>
public static class DatasetKinds
{
    /// <summary>Every supported kind with its name and a one-line description, in a stable order.</summary>
    public static IReadOnlyList<(DatasetKind Kind, string Name, string Description)> All { get; } =
    [
        (DatasetKind.H36M, "h36m", "Human3.6M (VideoPose3D data_3d_h36m.npz; optional 2D npz and cameras JSON)"),
        (DatasetKind.Mpi3dhp, "3dhp", "MPI-INF-3DHP training set (S*/Seq*/annot.mat + camera.calibration)"),
        (DatasetKind.AistPlusPlus, "aistpp", "AIST++ (keypoints3d/*.pkl, cameras/*.json, mapping and ignore lists)"),
        (DatasetKind.Mads, "mads", "MADS (multi_view_data/*/*_GT.mat, Calib_Cam*.mat)"),
    ];

    /// <summary>The command-line name of a kind.</summary>
    public static string NameOf(DatasetKind kind) => All.First(k => k.Kind == kind).Name;

    /// <summary>Parses a command-line name (case-insensitive); false when unknown.</summary>
    public static bool TryParse(string name, out DatasetKind kind)
    {
        foreach (var entry in All)
        {
            if (string.Equals(entry.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                kind = entry.Kind;
                return true;
            }
        }

        kind = default;
        return false;
    }
}
