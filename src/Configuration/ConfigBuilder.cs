using System.Collections;

namespace PoseCluster.Configuration;

/// <summary>
/// Layers configuration sources, each over the previous ones, then resolves substitutions once over
/// the merged result (so a later file can refer to, and append to, what an earlier one set).
/// The CLI's order is: reference.conf, then <c>--config FILE</c>, then environment overrides.
/// </summary>
public sealed class ConfigBuilder
{
    /// <summary>Prefix of environment variables that override settings: <c>POSECLUSTER__a__b=value</c>.</summary>
    public const string EnvironmentPrefix = "POSECLUSTER__";

    private readonly HoconDocument _document = new();
    private readonly Func<string, string?> _environment;

    /// <summary>
    /// Creates a builder. <paramref name="environment"/> answers <c>${?NAME}</c> substitutions that are
    /// not settings; it defaults to the process environment.
    /// </summary>
    public ConfigBuilder(Func<string, string?>? environment = null)
    {
        _environment = environment ?? Environment.GetEnvironmentVariable;
    }

    /// <summary>Parses a HOCON file over what is already loaded; includes are relative to the file.</summary>
    public ConfigBuilder AddFile(string path)
    {
        _document.ParseFile(path);
        return this;
    }

    /// <summary>Parses HOCON text over what is already loaded; includes are relative to the current folder.</summary>
    public ConfigBuilder AddText(string text, string sourceName = "(string)")
    {
        _document.ParseText(text, sourceName, null);
        return this;
    }

    /// <summary>
    /// Parses HOCON (or JSON) text from outside, such as an experiment spec sent to the endpoint, over what
    /// is already loaded: an <c>include</c> is a parse error instead of a file read. Build such text with a
    /// builder whose environment answers nothing, so <c>${?VAR}</c> cannot read the server's environment.
    /// </summary>
    public ConfigBuilder AddUntrustedText(string text, string sourceName)
    {
        _document.ParseUntrustedText(text, sourceName);
        return this;
    }

    /// <summary>
    /// Applies environment overrides. A variable <c>POSECLUSTER__storage__objects__kind=s3</c> sets
    /// <c>posecluster.storage.objects.kind</c>: the text after the prefix is split on <c>__</c>, each
    /// segment is lower-cased and its single <c>_</c> become <c>-</c>
    /// (<c>POSECLUSTER__node__shutdown_timeout=90s</c> sets <c>posecluster.node.shutdown-timeout</c>).
    /// A value that starts with <c>[</c> or <c>{</c> is parsed as HOCON; a number or true/false keeps its
    /// type; anything else is a string, taken literally.
    /// </summary>
    public ConfigBuilder AddEnvironmentOverrides(IEnumerable<KeyValuePair<string, string>> variables)
    {
        foreach (var (name, value) in variables.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            if (!name.StartsWith(EnvironmentPrefix, StringComparison.Ordinal) || name.Length == EnvironmentPrefix.Length)
            {
                continue;
            }

            var segments = name[EnvironmentPrefix.Length..].Split("__");
            if (segments.Any(s => s.Length == 0))
            {
                throw new ConfigurationException($"environment variable {name}: empty path segment (use single '__' between names)");
            }

            var path = new List<string> { "posecluster" };
            path.AddRange(segments.Select(s => s.ToLowerInvariant().Replace('_', '-')));
            var origin = new HoconOrigin($"env:{name}", 1, 1);
            var trimmed = value.TrimStart();
            if (trimmed.StartsWith('[') || trimmed.StartsWith('{'))
            {
                _document.ParseText($"{HoconPath.Render(path)} = {value}", $"env:{name}", null);
            }
            else
            {
                // Typed like an unquoted HOCON value, so numbers and booleans stay numbers and booleans.
                var kind = value switch
                {
                    "true" or "false" => HoconScalarKind.Boolean,
                    _ when HoconParser.IsNumber(value) => HoconScalarKind.Number,
                    _ => HoconScalarKind.String,
                };
                _document.Set(path, new HoconScalarNode(origin, kind, value, quoted: kind == HoconScalarKind.String));
            }
        }

        return this;
    }

    /// <summary>Applies the process environment's <c>POSECLUSTER__*</c> overrides.</summary>
    public ConfigBuilder AddEnvironmentOverrides() =>
        AddEnvironmentOverrides(Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .Select(e => new KeyValuePair<string, string>((string)e.Key, (string?)e.Value ?? "")));

    /// <summary>Resolves every substitution and returns the configuration.</summary>
    public Config Build() => new(new HoconResolver(_document.Root, _environment).ResolveRoot(), "");
}
