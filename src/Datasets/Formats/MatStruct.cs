namespace PoseCluster.Datasets.Formats;

/// <summary>
/// A MATLAB struct or struct array: its dims as stored, its field names, and per element (column-major)
/// the value of every field.
/// </summary>
public sealed class MatStruct
{
    internal MatStruct(int[] dims, string[] fieldNames, IReadOnlyDictionary<string, object?>[] elements)
    {
        Dims = dims;
        FieldNames = fieldNames;
        Elements = elements;
    }

    /// <summary>The dimensions as stored; 1 x 1 for a plain struct.</summary>
    public IReadOnlyList<int> Dims { get; }

    /// <summary>The field names in file order.</summary>
    public IReadOnlyList<string> FieldNames { get; }

    /// <summary>Per element, column-major: field name → value.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, object?>> Elements { get; }

    /// <summary>A field of a 1 x 1 struct (of its first element for a struct array).</summary>
    public object? this[string field] => Elements.Count > 0
        ? Elements[0][field]
        : throw new InvalidOperationException("an empty struct array has no field values");
}
