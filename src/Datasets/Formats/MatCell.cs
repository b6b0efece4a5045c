namespace PoseCluster.Datasets.Formats;

/// <summary>A MATLAB cell array: its dims as stored and its elements in MATLAB's column-major order.</summary>
public sealed class MatCell
{
    internal MatCell(int[] dims, object?[] elements)
    {
        Dims = dims;
        Elements = elements;
    }

    /// <summary>The dimensions as stored (at least two).</summary>
    public IReadOnlyList<int> Dims { get; }

    /// <summary>The elements, column-major (<c>c{i, j}</c> is element <c>i + j * rows</c>).</summary>
    public IReadOnlyList<object?> Elements { get; }

    /// <summary>The element at row <paramref name="row"/>, column <paramref name="column"/> (zero-based).</summary>
    public object? this[int row, int column] => Elements[row + (column * Dims[0])];
}
