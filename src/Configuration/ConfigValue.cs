namespace PoseCluster.Configuration;

// Resolved, immutable configuration values: what Config's getters read.

internal abstract class ConfigValue(HoconOrigin origin)
{
    public HoconOrigin Origin { get; } = origin;

    public abstract string Describe();
}

internal sealed class ConfigObject(HoconOrigin origin, OrderedDictionary<string, ConfigValue> fields) : ConfigValue(origin)
{
    public OrderedDictionary<string, ConfigValue> Fields { get; } = fields;

    public override string Describe() => "an object";

    /// <summary>Recursive merge: fields of <paramref name="over"/> win; objects merge into objects.</summary>
    public static ConfigObject Merge(ConfigObject under, ConfigObject over)
    {
        var fields = new OrderedDictionary<string, ConfigValue>(under.Fields);
        foreach (var (key, value) in over.Fields)
        {
            fields[key] = value is ConfigObject o && fields.TryGetValue(key, out var old) && old is ConfigObject u
                ? Merge(u, o)
                : value;
        }

        return new ConfigObject(over.Origin, fields);
    }
}

internal sealed class ConfigList(HoconOrigin origin, IReadOnlyList<ConfigValue> items) : ConfigValue(origin)
{
    public IReadOnlyList<ConfigValue> Items { get; } = items;

    public override string Describe() => $"a list of {Items.Count}";
}

internal sealed class ConfigScalar(HoconOrigin origin, HoconScalarKind kind, string text) : ConfigValue(origin)
{
    public HoconScalarKind Kind { get; } = kind;

    public string Text { get; } = text;

    public override string Describe() => Kind == HoconScalarKind.Null ? "null" : $"'{Text}'";
}
