namespace PoseCluster.Datasets.Formats;

/// <summary>One numeric array found inside a dataset file.</summary>
/// <param name="Name">Its path inside the file (see <see cref="FormatInspector"/> for the naming rules).</param>
/// <param name="DType">The numpy dtype name (<c>float64</c>, <c>int32</c>, <c>bool</c>, ...).</param>
/// <param name="Shape">The dimensions (MATLAB dims as stored for .mat files).</param>
/// <param name="Sum">The NaN-skipping sum of its elements, accumulated in double.</param>
public sealed record InspectedArray(string Name, string DType, IReadOnlyList<int> Shape, double Sum);
