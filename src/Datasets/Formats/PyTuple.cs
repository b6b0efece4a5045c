namespace PoseCluster.Datasets.Formats;

/// <summary>
/// A Python tuple read from a pickle: an immutable list of objects that compares and hashes by its
/// elements (so it can be a <see cref="PyDict"/> key, as in Python).
/// </summary>
public sealed class PyTuple : IReadOnlyList<object?>, IEquatable<PyTuple>
{
    /// <summary>Deepest nesting of tuples inside tuples accepted, so hashing and comparing cannot overflow the stack.</summary>
    internal const int MaxDepth = 200;

    private readonly object?[] _items;

    internal PyTuple(object?[] items)
    {
        _items = items;
        foreach (var item in items)
        {
            if (item is PyTuple inner)
            {
                Depth = Math.Max(Depth, inner.Depth + 1);
                HasPlaceholder |= inner.HasPlaceholder;
            }

            HasPlaceholder |= item is PickleMachine.IPlaceholder;
        }
    }

    /// <summary>The empty tuple.</summary>
    public static PyTuple Empty { get; } = new([]);

    internal int Depth { get; }

    /// <summary>True while the tuple still holds values of the running pickle machine (resolved before it is returned).</summary>
    internal bool HasPlaceholder { get; }

    /// <summary>The number of elements.</summary>
    public int Count => _items.Length;

    /// <summary>The element at <paramref name="index"/>.</summary>
    public object? this[int index] => _items[index];

    /// <inheritdoc />
    public IEnumerator<object?> GetEnumerator() => ((IEnumerable<object?>)_items).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => _items.GetEnumerator();

    /// <inheritdoc />
    public bool Equals(PyTuple? other) =>
        other is not null && other._items.Length == _items.Length
        && _items.Zip(other._items).All(pair => PyKeyComparer.Instance.Equals(pair.First, pair.Second));

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is PyTuple other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in _items)
        {
            hash.Add(item is null ? 0 : PyKeyComparer.Instance.GetHashCode(item));
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => $"({string.Join(", ", _items.Select(PickleReader.Describe))}{(_items.Length == 1 ? "," : "")})";
}
