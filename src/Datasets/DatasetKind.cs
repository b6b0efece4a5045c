namespace PoseCluster.Datasets;

/// <summary>The source datasets PoseCluster has a loader for (one loader per source).</summary>
public enum DatasetKind
{
    /// <summary>Human3.6M in the VideoPose3D npz distribution (metres, z up, 50 fps).</summary>
    H36M,

    /// <summary>MPI-INF-3DHP training set: S*/Seq*/annot.mat per camera (mm, y down).</summary>
    Mpi3dhp,

    /// <summary>AIST++ keypoints3d pickles (COCO-17, cm, y up, 60 fps).</summary>
    AistPlusPlus,

    /// <summary>MADS multi-view ground truth *_GT.mat (19 joints, mm).</summary>
    Mads,
}
