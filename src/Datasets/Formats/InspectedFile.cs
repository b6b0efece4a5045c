namespace PoseCluster.Datasets.Formats;

/// <summary>What <see cref="FormatInspector"/> found in one file.</summary>
/// <param name="File">The path as given.</param>
/// <param name="Format">The detected format: <c>npy</c>, <c>npz</c>, <c>pickle</c> or <c>mat</c>.</param>
/// <param name="Arrays">Every numeric array inside, in file order.</param>
public sealed record InspectedFile(string File, string Format, IReadOnlyList<InspectedArray> Arrays);
