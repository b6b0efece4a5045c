using PoseCluster.Datasets.AugMotion;
using PoseCluster.Datasets.Sources;

namespace PoseCluster.Storage.Pipeline;

/// <summary>What stage 1 runs with: the loaders' settings, the key-frame settings, and how many cores one unit may use.</summary>
/// <param name="Loaders">Loader settings (posecluster.datasets.*).</param>
/// <param name="AugMotion">Key-frame settings (posecluster.augmotion.*).</param>
/// <param name="Parallelism">Sequences of one unit computed at once.</param>
public sealed record Stage1Settings(DatasetLoaderOptions Loaders, AugMotionOptions AugMotion, int Parallelism);
