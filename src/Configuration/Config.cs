using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PoseCluster.Configuration;

/// <summary>
/// A resolved, immutable HOCON configuration (or a sub-tree of one) with typed getters. Paths are
/// dotted (<c>posecluster.storage.objects.kind</c>); errors name the full path from the root and the
/// file:line:column where the value was written.
/// </summary>
public sealed class Config
{
    private readonly ConfigObject _root;
    private readonly string _prefix;

    internal Config(ConfigObject root, string prefix)
    {
        _root = root;
        _prefix = prefix;
    }

    /// <summary>A configuration with no settings.</summary>
    public static Config Empty { get; } = new(new ConfigObject(new HoconOrigin("(empty)", 1, 1), []), "");

    /// <summary>Parses and resolves HOCON text on its own (substitutions may use environment variables).</summary>
    public static Config Parse(string text, string sourceName = "(string)") =>
        new ConfigBuilder().AddText(text, sourceName).Build();

    /// <summary>The keys directly under this configuration, in the order they were first written.</summary>
    public IReadOnlyList<string> Keys => [.. _root.Fields.Keys];

    /// <summary>True when the path exists and is not null.</summary>
    public bool HasPath(string path) => Find(path) is { } v && v is not ConfigScalar { Kind: HoconScalarKind.Null };

    /// <summary>A string setting (numbers and booleans are returned as written).</summary>
    public string GetString(string path) => AsString(path, Require(path));

    /// <summary>A string setting, or <paramref name="fallback"/> when absent.</summary>
    public string GetString(string path, string fallback) => Find(path) is { } v ? AsString(path, v) : fallback;

    /// <summary>A 32-bit integer setting.</summary>
    public int GetInt(string path) => AsInt(path, Require(path));

    /// <summary>A 32-bit integer setting, or <paramref name="fallback"/> when absent.</summary>
    public int GetInt(string path, int fallback) => Find(path) is { } v ? AsInt(path, v) : fallback;

    /// <summary>A 64-bit integer setting.</summary>
    public long GetLong(string path) => AsLong(path, Require(path));

    /// <summary>A 64-bit integer setting, or <paramref name="fallback"/> when absent.</summary>
    public long GetLong(string path, long fallback) => Find(path) is { } v ? AsLong(path, v) : fallback;

    /// <summary>A floating-point setting.</summary>
    public double GetDouble(string path) => AsDouble(path, Require(path));

    /// <summary>A floating-point setting, or <paramref name="fallback"/> when absent.</summary>
    public double GetDouble(string path, double fallback) => Find(path) is { } v ? AsDouble(path, v) : fallback;

    /// <summary>A boolean setting: true/false, yes/no, on/off.</summary>
    public bool GetBoolean(string path) => AsBoolean(path, Require(path));

    /// <summary>A boolean setting, or <paramref name="fallback"/> when absent.</summary>
    public bool GetBoolean(string path, bool fallback) => Find(path) is { } v ? AsBoolean(path, v) : fallback;

    /// <summary>A duration such as <c>10s</c>, <c>500ms</c>, <c>2m</c>; a bare number is milliseconds.</summary>
    public TimeSpan GetDuration(string path) => AsDuration(path, Require(path));

    /// <summary>A duration, or <paramref name="fallback"/> when absent.</summary>
    public TimeSpan GetDuration(string path, TimeSpan fallback) => Find(path) is { } v ? AsDuration(path, v) : fallback;

    /// <summary>A size in bytes such as <c>64MB</c> (10^6) or <c>1GiB</c> (2^30); a bare number is bytes.</summary>
    public long GetByteSize(string path) => AsSize(path, Require(path));

    /// <summary>A size in bytes, or <paramref name="fallback"/> when absent.</summary>
    public long GetByteSize(string path, long fallback) => Find(path) is { } v ? AsSize(path, v) : fallback;

    /// <summary>A list of strings.</summary>
    public IReadOnlyList<string> GetStringList(string path) => AsList(path, Require(path), AsString);

    /// <summary>A list of strings, or <paramref name="fallback"/> when absent.</summary>
    public IReadOnlyList<string> GetStringList(string path, IReadOnlyList<string> fallback) =>
        Find(path) is { } v ? AsList(path, v, AsString) : fallback;

    /// <summary>A list of 32-bit integers.</summary>
    public IReadOnlyList<int> GetIntList(string path) => AsList(path, Require(path), AsInt);

    /// <summary>A list of floating-point numbers.</summary>
    public IReadOnlyList<double> GetDoubleList(string path) => AsList(path, Require(path), AsDouble);

    /// <summary>A list of objects, each as a configuration.</summary>
    public IReadOnlyList<Config> GetConfigList(string path) =>
        AsList(path, Require(path), (p, v) => v is ConfigObject o ? new Config(o, Full(p)) : throw TypeError(Full(p), v, "must be an object"));

    /// <summary>The sub-tree at <paramref name="path"/>; errors from it still name full paths.</summary>
    public Config GetConfig(string path)
    {
        var value = Require(path);
        return value is ConfigObject o ? new Config(o, Full(path)) : throw TypeError(Full(path), value, "must be an object");
    }

    /// <summary>The sub-tree at <paramref name="path"/>, or an empty configuration when absent.</summary>
    public Config GetConfigOrEmpty(string path) =>
        Find(path) is ConfigObject o ? new Config(o, Full(path)) : new Config(new ConfigObject(_root.Origin, []), Full(path));

    /// <summary>The file:line:column where a setting was written, for messages.</summary>
    public string OriginOf(string path) => Require(path).Origin.ToString();

    /// <summary>The configuration as JSON (numbers, booleans and null keep their types).</summary>
    public string ToJson(bool indented = true)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
        {
            WriteJson(writer, _root);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>
    /// The configuration as HOCON text that parses back to the same values, here and in Akka.NET's own
    /// parser: every key and string is quoted with JSON escapes only (no substitution, include or
    /// <c>+=</c> is left, so Akka never sees <c>${?…}</c>); numbers, booleans and null stay unquoted.
    /// </summary>
    public string ToHocon()
    {
        var sb = new StringBuilder();
        WriteHocon(sb, _root, 0);
        return sb.ToString();
    }

    /// <summary>
    /// <paramref name="text"/> as a quoted HOCON string (JSON escapes only) that this parser and Akka.NET's
    /// read back unchanged: for building a configuration layer from values given on a command line.
    /// </summary>
    public static string Quote(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length + 2);
        AppendQuoted(sb, text);
        return sb.ToString();
    }

    private static void WriteJson(Utf8JsonWriter writer, ConfigValue value)
    {
        switch (value)
        {
            case ConfigObject o:
                writer.WriteStartObject();
                foreach (var (key, field) in o.Fields)
                {
                    writer.WritePropertyName(key);
                    WriteJson(writer, field);
                }

                writer.WriteEndObject();
                break;
            case ConfigList l:
                writer.WriteStartArray();
                foreach (var item in l.Items)
                {
                    WriteJson(writer, item);
                }

                writer.WriteEndArray();
                break;
            case ConfigScalar { Kind: HoconScalarKind.Number } n:
                writer.WriteRawValue(n.Text);
                break;
            case ConfigScalar { Kind: HoconScalarKind.Boolean } b:
                writer.WriteBooleanValue(b.Text == "true");
                break;
            case ConfigScalar { Kind: HoconScalarKind.Null }:
                writer.WriteNullValue();
                break;
            case ConfigScalar s:
                writer.WriteStringValue(s.Text);
                break;
        }
    }

    private static void WriteHocon(StringBuilder sb, ConfigValue value, int indent)
    {
        var pad = new string(' ', indent * 2);
        switch (value)
        {
            case ConfigObject o:
                sb.Append("{\n");
                foreach (var (key, field) in o.Fields)
                {
                    sb.Append(pad).Append("  ");
                    AppendQuoted(sb, key);
                    sb.Append(" = ");
                    WriteHocon(sb, field, indent + 1);
                    sb.Append('\n');
                }

                sb.Append(pad).Append('}');
                break;
            case ConfigList l:
                sb.Append('[');
                for (var i = 0; i < l.Items.Count; i++)
                {
                    sb.Append(i == 0 ? "" : ", ");
                    WriteHocon(sb, l.Items[i], indent + 1);
                }

                sb.Append(']');
                break;
            case ConfigScalar { Kind: HoconScalarKind.String } s:
                AppendQuoted(sb, s.Text);
                break;
            case ConfigScalar s:
                sb.Append(s.Text);
                break;
        }
    }

    // JSON's string escapes, and only where needed: Akka.NET's parser reads \" \\ \n \t \r \b \f \uXXXX.
    private static void AppendQuoted(StringBuilder sb, string text)
    {
        sb.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case < ' ': sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"); break;
                default: sb.Append(c); break;
            }
        }

        sb.Append('"');
    }

    private string Full(string path) => _prefix.Length == 0 ? path : _prefix + "." + path;

    private ConfigValue? Find(string path)
    {
        ConfigValue current = _root;
        foreach (var segment in HoconPath.Split(path))
        {
            if (current is not ConfigObject o || !o.Fields.TryGetValue(segment, out var next))
            {
                return null;
            }

            current = next;
        }

        return current;
    }

    private ConfigValue Require(string path)
    {
        var value = Find(path);
        return value is null or ConfigScalar { Kind: HoconScalarKind.Null } ? throw new MissingSettingException(Full(path)) : value;
    }

    private SettingTypeException TypeError(string fullPath, ConfigValue value, string expected) =>
        new(fullPath, value.Origin.ToString(), expected, value.Describe());

    private string AsString(string path, ConfigValue value) =>
        value is ConfigScalar s ? s.Text : throw TypeError(Full(path), value, "must be a string");

    private long AsLong(string path, ConfigValue value)
    {
        if (value is ConfigScalar s)
        {
            if (long.TryParse(s.Text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
            {
                return l;
            }

            // 1e3 or 1000.0 are whole numbers written another way.
            if (double.TryParse(s.Text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                && d == Math.Floor(d) && d >= long.MinValue && d < 9.2233720368547758e18)
            {
                return (long)d;
            }
        }

        throw TypeError(Full(path), value, "must be a whole number");
    }

    private int AsInt(string path, ConfigValue value)
    {
        var l = AsLong(path, value);
        return l is >= int.MinValue and <= int.MaxValue ? (int)l : throw TypeError(Full(path), value, "must be a whole number between -2^31 and 2^31-1");
    }

    private double AsDouble(string path, ConfigValue value) =>
        value is ConfigScalar s && double.TryParse(s.Text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
            ? d
            : throw TypeError(Full(path), value, "must be a number");

    private bool AsBoolean(string path, ConfigValue value) => value is ConfigScalar s
        ? s.Text.Trim() switch
        {
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            _ => throw TypeError(Full(path), value, "must be a boolean (true/false, yes/no, on/off)"),
        }
        : throw TypeError(Full(path), value, "must be a boolean");

    private TimeSpan AsDuration(string path, ConfigValue value)
    {
        if (value is not ConfigScalar s)
        {
            throw TypeError(Full(path), value, "must be a duration such as 10s, 500ms or 2m");
        }

        return ConfigUnits.ParseDuration(s.Text, out var why) ?? throw TypeError(Full(path), value, $"must be a duration such as 10s, 500ms or 2m ({why})");
    }

    private long AsSize(string path, ConfigValue value)
    {
        if (value is not ConfigScalar s)
        {
            throw TypeError(Full(path), value, "must be a size such as 64MB or 1GiB");
        }

        return ConfigUnits.ParseSize(s.Text, out var why) ?? throw TypeError(Full(path), value, $"must be a size such as 64MB or 1GiB ({why})");
    }

    private IReadOnlyList<T> AsList<T>(string path, ConfigValue value, Func<string, ConfigValue, T> item)
    {
        if (value is not ConfigList list)
        {
            throw TypeError(Full(path), value, "must be a list");
        }

        var result = new T[list.Items.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = item($"{path}.{i}", list.Items[i]);
        }

        return result;
    }
}
