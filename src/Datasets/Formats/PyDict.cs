using System.Diagnostics.CodeAnalysis;

namespace PoseCluster.Datasets.Formats;

/// <summary>
/// A Python dict read from a pickle: keys in insertion order, as Python keeps them. Keys are
/// <c>string</c>, <c>long</c>/<see cref="System.Numerics.BigInteger"/>, <c>double</c>, <c>bool</c>,
/// <c>byte[]</c> (compared by content) or <see cref="PyTuple"/>; None is not accepted as a key.
/// </summary>
public sealed class PyDict : IReadOnlyDictionary<object, object?>
{
    private readonly OrderedDictionary<object, object?> _items = new(PyKeyComparer.Instance);

    /// <summary>The number of entries.</summary>
    public int Count => _items.Count;

    /// <summary>The keys in insertion order.</summary>
    public IEnumerable<object> Keys => _items.Keys;

    /// <summary>The values in insertion order.</summary>
    public IEnumerable<object?> Values => _items.Values;

    /// <summary>The value stored under <paramref name="key"/>; a missing key throws <see cref="KeyNotFoundException"/>.</summary>
    public object? this[object key] => _items[key];

    /// <summary>True when <paramref name="key"/> is present.</summary>
    public bool ContainsKey(object key) => _items.ContainsKey(key);

    /// <summary>The value under <paramref name="key"/>, if present.</summary>
    public bool TryGetValue(object key, [MaybeNullWhen(false)] out object? value) => _items.TryGetValue(key, out value);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<object, object?>> GetEnumerator() => _items.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Python's <c>d[key] = value</c>: replaces in place or appends.</summary>
    internal void Set(object key, object? value) => _items[key] = value;
}
