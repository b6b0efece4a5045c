namespace PoseCluster.Datasets.Pipeline;

/// <summary>Stage 1 of one sequence in memory: its small result and, when accepted, its frames (whose block is laid out in the unit's data object).</summary>
/// <param name="Sequence">The small result (its <see cref="Stage1Sequence.Block"/> gives the block's offset, length and checksum once the unit's blocks are laid out).</param>
/// <param name="Payload">The frames, or null when rejected.</param>
public sealed record Stage1Result(Stage1Sequence Sequence, Stage1Payload? Payload);
