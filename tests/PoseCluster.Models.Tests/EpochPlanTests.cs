using PoseCluster.Models.Training;

namespace PoseCluster.Models.Tests;

public sealed class EpochPlanTests
{
    private static readonly int[] Shards = [7, 0, 12, 5, 9];

    private static List<ClipReference> Epoch(EpochPlan plan, int epoch) =>
        [.. Enumerable.Range(0, plan.BatchesPerEpoch).SelectMany(b => plan.Batch(new SamplerPosition(epoch, b)).ToArray())];

    [Fact]
    public void Ranks_get_disjoint_equal_blocks_of_full_batches_and_the_remainder_is_dropped()
    {
        var plans = Enumerable.Range(0, 3).Select(r => new EpochPlan(Shards, r, 3, batchSize: 4, seed: 5)).ToList();
        Assert.All(plans, p => Assert.Equal(2, p.BatchesPerEpoch)); // 33 clips / 3 ranks / 4 = 2 batches (24 used)
        var all = plans.SelectMany(p => Epoch(p, 0)).ToList();
        Assert.Equal(24, all.Count);
        Assert.Equal(24, all.Select(c => (c.Shard, c.Row)).Distinct().Count());
        Assert.All(all, c => Assert.InRange(c.Row, 0, Shards[c.Shard] - 1));
        Assert.Equal(24, all.Select(c => c.Draw).Distinct().Count());
    }

    [Fact]
    public void The_plan_is_a_function_of_seed_and_epoch_and_epochs_differ()
    {
        var a = new EpochPlan(Shards, 1, 2, 3, seed: 9);
        var b = new EpochPlan(Shards, 1, 2, 3, seed: 9);
        Assert.Equal(Epoch(a, 4), Epoch(b, 4));
        Assert.NotEqual(Epoch(a, 0), Epoch(a, 1));
        Assert.NotEqual(Epoch(a, 0), Epoch(new EpochPlan(Shards, 1, 2, 3, seed: 10), 0));
    }

    [Fact]
    public void Positions_advance_batch_by_batch_into_the_next_epoch()
    {
        var plan = new EpochPlan(Shards, 0, 1, 10, seed: 1);
        Assert.Equal(3, plan.BatchesPerEpoch);
        Assert.Equal(new SamplerPosition(0, 1), plan.Next(new SamplerPosition(0, 0)));
        Assert.Equal(new SamplerPosition(1, 0), plan.Next(new SamplerPosition(0, 2)));
        Assert.Equal(new SamplerPosition(2, 1), plan.PositionAfter(7));
    }

    [Fact]
    public void Too_few_clips_for_one_batch_per_rank_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new EpochPlan([3], 0, 2, 2, 1));
        Assert.Contains("fewer than one batch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_learning_rate_warms_up_linearly_then_follows_the_cosine_to_its_floor()
    {
        var options = ModelOptions.Tiny with { LearningRate = 1f, WarmupSteps = 10, TotalSteps = 110, MinLearningRateRatio = 0.1f };
        Assert.Equal(0.1, LearningRateSchedule.Rate(options, 0), 6);
        Assert.Equal(1.0, LearningRateSchedule.Rate(options, 9), 6);
        Assert.Equal(0.55, LearningRateSchedule.Rate(options, 60), 6);
        Assert.Equal(0.1, LearningRateSchedule.Rate(options, 110), 6);
        Assert.Equal(0.1, LearningRateSchedule.Rate(options, 500), 6);
    }
}
