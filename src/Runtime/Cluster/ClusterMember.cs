namespace PoseCluster.Runtime.Cluster;

/// <summary>One row of the membership table as the cluster store holds it.</summary>
/// <param name="Address">Unique address of the node (host:port or any stable name).</param>
/// <param name="Roles">Roles the node serves (e.g. "worker", "trainer").</param>
/// <param name="Capacity">Capacity it advertises, such as trainer slots.</param>
/// <param name="Status">Its status.</param>
/// <param name="Incarnation">Grows with every join under the same address, so a restarted node is a new incarnation.</param>
/// <param name="JoinedAt">When the current incarnation joined.</param>
/// <param name="LastHeartbeat">When it last heartbeated.</param>
public sealed record ClusterMember(
    string Address,
    IReadOnlyList<string> Roles,
    int Capacity,
    MemberStatus Status,
    long Incarnation,
    DateTimeOffset JoinedAt,
    DateTimeOffset LastHeartbeat)
{
    /// <summary>Whether the member serves <paramref name="role"/>; an empty role means any member.</summary>
    public bool HasRole(string role) => role.Length == 0 || Roles.Contains(role, StringComparer.Ordinal);
}
