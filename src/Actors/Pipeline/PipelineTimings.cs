namespace PoseCluster.Actors.Pipeline;

/// <summary>How the pipeline's actors pace their at-least-once commands (posecluster.pipeline, reference.conf).</summary>
/// <param name="RetryInterval">How often an unacknowledged command is sent again (the receiver applies it once).</param>
/// <param name="UnitsInFlight">Stage-1 units a Dataset entity has handed out and not yet seen done.</param>
/// <param name="MessagesInFlight">Sequence records and projections an entity or the coordinator has outstanding at once.</param>
/// <param name="MaxAttempts">Failed attempts after which a unit, a shard or a corpus build is given up (with the last error).</param>
public sealed record PipelineTimings(TimeSpan RetryInterval, int UnitsInFlight, int MessagesInFlight, int MaxAttempts)
{
    /// <summary>The defaults of reference.conf.</summary>
    public static PipelineTimings Default { get; } = new(TimeSpan.FromSeconds(3), 32, 512, 5);

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RetryInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(UnitsInFlight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MessagesInFlight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAttempts, 1);
    }
}
