namespace PoseCluster.Datasets.Pipeline;

/// <summary>Stage 1 of one sequence in memory: its small result and, when accepted, its encoded block (offset not yet assigned).</summary>
/// <param name="Sequence">The small result (its <see cref="Stage1Sequence.Block"/> is set once the unit's blocks are laid out).</param>
/// <param name="Block">The encoded frames (<see cref="Stage1Blocks"/>), or null when rejected.</param>
public sealed record Stage1Result(Stage1Sequence Sequence, byte[]? Block);
