namespace PoseCluster.Models.Training;

/// <summary>Linear warm-up to the peak learning rate, then a cosine decay to min-lr-ratio × peak at total-steps (held there after).</summary>
public static class LearningRateSchedule
{
    /// <summary>The learning rate of the step that follows <paramref name="stepsTaken"/> steps.</summary>
    public static double Rate(ModelOptions options, long stepsTaken)
    {
        ArgumentNullException.ThrowIfNull(options);
        double peak = options.LearningRate;
        if (stepsTaken < options.WarmupSteps)
        {
            return peak * (stepsTaken + 1) / options.WarmupSteps;
        }

        double span = Math.Max(1, options.TotalSteps - options.WarmupSteps);
        var progress = Math.Min(1.0, (stepsTaken - options.WarmupSteps) / span);
        var floor = peak * options.MinLearningRateRatio;
        return floor + ((peak - floor) * 0.5 * (1.0 + Math.Cos(Math.PI * progress)));
    }
}
