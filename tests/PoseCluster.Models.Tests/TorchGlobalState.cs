namespace PoseCluster.Models.Tests;

/// <summary>
/// The xunit collection of tests that create models: SoloPoseModel.Create seeds libtorch's process-wide
/// generator and a checkpoint carries that generator's state, so two such test classes running in
/// parallel would change each other's random numbers (the bit-identical resume test reads them).
/// </summary>
[CollectionDefinition(Name)]
public sealed class TorchGlobalState
{
    /// <summary>The collection's name.</summary>
    public const string Name = "libtorch global state";
}
