namespace PoseCluster.Models.Training;

/// <summary>One clip of an epoch: which shard, which row of it, and the draw's number (seeds its augmentation).</summary>
/// <param name="Shard">Index into the plan's shard list.</param>
/// <param name="Row">Row (clip) within the shard.</param>
/// <param name="Draw">Unique per epoch and position: epoch * clips + position.</param>
public readonly record struct ClipReference(int Shard, int Row, long Draw);
