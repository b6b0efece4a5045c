namespace PoseCluster.Models.Training;

/// <summary>
/// The part of a shard's clip row that training needs (Models depends on nothing of ours, so this is its
/// own minimal view of PoseCluster.Datasets.Clip; the Actors layer maps one onto the other).
/// </summary>
/// <param name="ClipId">Stable clip id, for messages.</param>
/// <param name="Pose3d">T x J x 3 floats, universal frame (x facing, y left-to-right shoulder, z down), mm.</param>
/// <param name="Pose2d">Optional T x J x 2 floats, pixels; projected from <paramref name="Pose3d"/> when absent.</param>
/// <param name="Draw">The draw's number in its epoch (<see cref="ClipReference.Draw"/>): seeds the virtual camera's azimuth, so a resumed run sees the same input.</param>
public sealed record TrainingClip(string ClipId, float[] Pose3d, float[]? Pose2d, long Draw = 0);
