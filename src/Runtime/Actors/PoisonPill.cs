namespace PoseCluster.Runtime.Actors;

/// <summary>Stops the receiving actor once it reaches this message, after the messages sent before it.</summary>
public sealed record PoisonPill
{
    private PoisonPill()
    {
    }

    /// <summary>The one instance (the message carries no data).</summary>
    public static PoisonPill Instance { get; } = new();
}
