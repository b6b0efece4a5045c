namespace PoseCluster.Datasets.Geometry;

/// <summary>The outcome of a Kabsch fit.</summary>
/// <param name="Transform">The best rigid transform from the source points onto the target points.</param>
/// <param name="RmsdMm">Root-mean-square distance between the transformed source points and the targets, mm.</param>
/// <param name="IsDegenerate">True when the source points are (nearly) collinear or coincident, so the rotation is not unique.</param>
public readonly record struct KabschResult(RigidTransform Transform, double RmsdMm, bool IsDegenerate);
