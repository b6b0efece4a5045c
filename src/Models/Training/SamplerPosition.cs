namespace PoseCluster.Models.Training;

/// <summary>Where a run is in its data: the epoch and the number of batches of it already trained (per rank).</summary>
/// <param name="Epoch">Epoch, from 0.</param>
/// <param name="Batch">Batches of this epoch already taken.</param>
public readonly record struct SamplerPosition(int Epoch, int Batch);
