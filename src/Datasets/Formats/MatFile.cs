namespace PoseCluster.Datasets.Formats;

/// <summary>
/// The variables of a MAT v5 file, in file order. Values: numeric and logical arrays →
/// <see cref="NdArray"/> (Fortran order, MATLAB's dims as stored, numpy dtype names: double → float64,
/// single → float32, int8..uint64 → int8..uint64, logical → bool); char arrays → <c>string</c> (one
/// row or empty) or <c>string[]</c> (one string per row); cell arrays → <see cref="MatCell"/>;
/// structs and struct arrays → <see cref="MatStruct"/>.
/// </summary>
public sealed class MatFile
{
    internal MatFile(string headerText, bool bigEndian, OrderedDictionary<string, object?> variables)
    {
        HeaderText = headerText;
        BigEndian = bigEndian;
        Variables = variables;
    }

    /// <summary>The 116-character descriptive text at the start of the file, trimmed.</summary>
    public string HeaderText { get; }

    /// <summary>True when the file was written big-endian (<c>MI</c>).</summary>
    public bool BigEndian { get; }

    /// <summary>Variable name → value, in file order.</summary>
    public IReadOnlyDictionary<string, object?> Variables { get; }

    /// <summary>The variable called <paramref name="name"/>; a missing one throws <see cref="KeyNotFoundException"/>.</summary>
    public object? this[string name] => Variables[name];
}
