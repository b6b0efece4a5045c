namespace PoseCluster.Configuration;

// The parse tree before substitutions are resolved. Nodes are mutable only while a document is being
// built (objects gain fields); HoconResolver turns them into immutable ConfigValues.

/// <summary>A value as written, possibly still containing substitutions.</summary>
internal abstract class HoconNode(HoconOrigin origin)
{
    public HoconOrigin Origin { get; } = origin;
}

/// <summary>An object; fields keep the order of their first assignment.</summary>
internal sealed class HoconObjectNode(HoconOrigin origin) : HoconNode(origin)
{
    public List<KeyValuePair<string, HoconNode>> Fields { get; } = [];

    public HoconNode? Get(string key)
    {
        foreach (var field in Fields)
        {
            if (field.Key == key)
            {
                return field.Value;
            }
        }

        return null;
    }

    public void Set(string key, HoconNode value)
    {
        for (var i = 0; i < Fields.Count; i++)
        {
            if (Fields[i].Key == key)
            {
                Fields[i] = new(key, value);
                return;
            }
        }

        Fields.Add(new(key, value));
    }
}

internal sealed class HoconArrayNode(HoconOrigin origin, List<HoconNode> items) : HoconNode(origin)
{
    public List<HoconNode> Items { get; } = items;
}

internal enum HoconScalarKind
{
    String,
    Number,
    Boolean,
    Null,
}

/// <summary>A string, number, boolean or null; <see cref="Text"/> is the value as written (unescaped).</summary>
internal sealed class HoconScalarNode(HoconOrigin origin, HoconScalarKind kind, string text, bool quoted = false) : HoconNode(origin)
{
    public HoconScalarKind Kind { get; } = kind;

    public string Text { get; } = text;

    /// <summary>Written in quotes: never a number, boolean or null, whatever its text.</summary>
    public bool Quoted { get; } = quoted;
}

/// <summary><c>${path}</c> or <c>${?path}</c>.</summary>
internal sealed class HoconSubstitutionNode(HoconOrigin origin, IReadOnlyList<string> path, bool optional) : HoconNode(origin)
{
    public IReadOnlyList<string> Path { get; } = path;

    public bool Optional { get; } = optional;

    public string Display => "${" + (Optional ? "?" : "") + HoconPath.Render(Path) + "}";
}

/// <summary>
/// A self-reference (<c>path = ${path} [...]</c>): it stands for the value the field had before this
/// assignment, captured when the assignment was parsed, so it can never see itself.
/// </summary>
internal sealed class HoconPriorValueNode(HoconOrigin origin, HoconSubstitutionNode reference, HoconNode? prior) : HoconNode(origin)
{
    public HoconSubstitutionNode Reference { get; } = reference;

    public HoconNode? Prior { get; } = prior;
}

/// <summary>
/// Value concatenation: parts written next to each other on one line. Whitespace between parts is
/// kept as <see cref="HoconWhitespace"/> so string concatenation can reproduce it.
/// </summary>
internal sealed class HoconConcatNode(HoconOrigin origin, List<HoconNode> parts) : HoconNode(origin)
{
    public List<HoconNode> Parts { get; } = parts;
}

/// <summary>Whitespace between two parts of a concatenation.</summary>
internal sealed class HoconWhitespace(HoconOrigin origin, string text) : HoconNode(origin)
{
    public string Text { get; } = text;
}

/// <summary>
/// An object assigned over a value that is not yet known to be an object (e.g. a substitution):
/// merged when resolved, later values winning.
/// </summary>
internal sealed class HoconMergeNode(HoconOrigin origin, List<HoconNode> layers) : HoconNode(origin)
{
    public List<HoconNode> Layers { get; } = layers;
}
