namespace PoseCluster.Datasets.Sources;

/// <summary>A numeric array as the loaders use it: its shape and its values as doubles in row-major (C) order.</summary>
/// <param name="Shape">Dimensions (for MAT arrays as stored, e.g. N x 84).</param>
/// <param name="Values">Values in row-major order.</param>
internal sealed record NumericArray(int[] Shape, double[] Values);
