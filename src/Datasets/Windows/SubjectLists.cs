namespace PoseCluster.Datasets.Windows;

/// <summary>Subjects a dataset assigns to each split explicitly (config <c>posecluster.datasets.&lt;kind&gt;</c>).</summary>
/// <param name="Train">Training subjects.</param>
/// <param name="Val">Validation subjects.</param>
/// <param name="Test">Test subjects.</param>
public sealed record SubjectLists(IReadOnlyList<string> Train, IReadOnlyList<string> Val, IReadOnlyList<string> Test)
{
    /// <summary>No explicit assignment: every subject goes by hash.</summary>
    public static SubjectLists None { get; } = new([], [], []);
}
