namespace PoseCluster.Datasets.Skeleton;

/// <summary>
/// The target skeleton of every loader: the 17-joint Human3.6M order (DATASETS.md), millimetres.
/// Left = 4, 5, 6, 11, 12, 13; right = 1, 2, 3, 14, 15, 16 (one popular config swaps 1-3: not this one).
/// </summary>
public static class H36mSkeleton
{
    /// <summary>Number of joints.</summary>
    public const int JointCount = 17;

    /// <summary>Pelvis (hip centre): the root of every root-relative metric.</summary>
    public const int Pelvis = 0;

    /// <summary>Right hip.</summary>
    public const int RightHip = 1;

    /// <summary>Left hip.</summary>
    public const int LeftHip = 4;

    /// <summary>Spine.</summary>
    public const int Spine = 7;

    /// <summary>Thorax.</summary>
    public const int Thorax = 8;

    /// <summary>Neck/nose.</summary>
    public const int NeckNose = 9;

    /// <summary>Head top.</summary>
    public const int Head = 10;

    /// <summary>Left shoulder: an AugMotion reference point.</summary>
    public const int LeftShoulder = 11;

    /// <summary>Right shoulder: an AugMotion reference point.</summary>
    public const int RightShoulder = 14;

    /// <summary>Joint names by index.</summary>
    public static IReadOnlyList<string> JointNames { get; } =
    [
        "pelvis", "r_hip", "r_knee", "r_ankle", "l_hip", "l_knee", "l_ankle", "spine", "thorax",
        "neck_nose", "head", "l_shoulder", "l_elbow", "l_wrist", "r_shoulder", "r_elbow", "r_wrist",
    ];

    /// <summary>Bones as (parent, child); HeatPose's kinematically adjacent joints are bone neighbours.</summary>
    public static IReadOnlyList<(int Parent, int Child)> Bones { get; } =
    [
        (0, 1), (1, 2), (2, 3), (0, 4), (4, 5), (5, 6), (0, 7), (7, 8), (8, 9), (9, 10),
        (8, 11), (11, 12), (12, 13), (8, 14), (14, 15), (15, 16),
    ];

    /// <summary>Joints on the subject's left side.</summary>
    public static IReadOnlyList<int> Left { get; } = [4, 5, 6, 11, 12, 13];

    /// <summary>Joints on the subject's right side.</summary>
    public static IReadOnlyList<int> Right { get; } = [1, 2, 3, 14, 15, 16];
}
