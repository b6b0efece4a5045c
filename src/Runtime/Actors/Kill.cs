namespace PoseCluster.Runtime.Actors;

/// <summary>
/// Makes the receiving actor fail with an <see cref="ActorKilledException"/> when it reaches this
/// message, so that its supervisor decides (the default decision is to stop it).
/// </summary>
public sealed record Kill
{
    private Kill()
    {
    }

    /// <summary>The one instance (the message carries no data).</summary>
    public static Kill Instance { get; } = new();
}
