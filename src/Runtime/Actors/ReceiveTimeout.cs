namespace PoseCluster.Runtime.Actors;

/// <summary>
/// Delivered to an actor that set <see cref="IActorContext.SetReceiveTimeout"/> and received no other
/// message for that long (again after each further idle period, until the timeout is cleared). The
/// usual use is passivation: stop an idle entity.
/// </summary>
public sealed record ReceiveTimeout
{
    private ReceiveTimeout()
    {
    }

    /// <summary>The one instance (the message carries no data).</summary>
    public static ReceiveTimeout Instance { get; } = new();
}
