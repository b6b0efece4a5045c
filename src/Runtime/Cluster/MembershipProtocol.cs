namespace PoseCluster.Runtime.Cluster;

/// <summary>Membership actor: heartbeat and look for members to mark down.</summary>
internal sealed record MembershipTick
{
    public static MembershipTick Instance { get; } = new();
}

/// <summary>Membership actor: start a graceful leave (replies <see cref="MembershipDone"/>).</summary>
internal sealed record BeginLeave
{
    public static BeginLeave Instance { get; } = new();
}

/// <summary>Membership actor: finish a graceful leave and stop heartbeating (replies <see cref="MembershipDone"/>).</summary>
internal sealed record CompleteLeave
{
    public static CompleteLeave Instance { get; } = new();
}

/// <summary>Reply of the membership actor.</summary>
internal sealed record MembershipDone
{
    public static MembershipDone Instance { get; } = new();
}
