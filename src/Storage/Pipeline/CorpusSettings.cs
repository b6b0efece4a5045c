using PoseCluster.Datasets.Pipeline;

namespace PoseCluster.Storage.Pipeline;

/// <summary>Everything a corpus build is configured by.</summary>
/// <param name="Stage1">Loader, key-frame and parallelism settings.</param>
/// <param name="Stage2">Windows, splits and shard sizing.</param>
/// <param name="ReuseToleranceMm">posecluster.augmotion.reuse-tolerance-mm: the parent's shards are kept while the triangle moved less than this.</param>
/// <param name="MemoryBudgetBytes">posecluster.augmotion.stage1-memory: stage-1 blocks a one-process run keeps for its shard writers.</param>
public sealed record CorpusSettings(Stage1Settings Stage1, Stage2Options Stage2, double ReuseToleranceMm, long MemoryBudgetBytes)
{
    /// <summary>The corpus config (and its hash) of these settings.</summary>
    public CorpusConfig Config() => CorpusConfig.For(Stage1.Loaders, Stage1.AugMotion, Stage2);
}
