namespace PoseCluster.Datasets.Formats;

/// <summary>
/// Python's key equality for the types a pickle can produce: bytes compare by content, tuples by
/// their elements, everything else with .NET equality (so <c>1</c> and <c>1.0</c> are distinct keys,
/// unlike in Python).
/// </summary>
internal sealed class PyKeyComparer : IEqualityComparer<object>
{
    public static readonly PyKeyComparer Instance = new();

    public new bool Equals(object? x, object? y) => (x, y) switch
    {
        (byte[] a, byte[] b) => a.AsSpan().SequenceEqual(b),
        _ => object.Equals(x, y),
    };

    public int GetHashCode(object obj)
    {
        if (obj is byte[] bytes)
        {
            var hash = new HashCode();
            hash.AddBytes(bytes);
            return hash.ToHashCode();
        }

        return obj.GetHashCode();
    }
}
