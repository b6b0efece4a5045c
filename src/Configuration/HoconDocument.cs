namespace PoseCluster.Configuration;

/// <summary>
/// The unresolved tree that every source (reference.conf, a --config file, environment overrides)
/// is parsed into in turn: later sources merge over earlier ones. HoconResolver then resolves it.
/// </summary>
internal sealed class HoconDocument
{
    // Files currently being parsed, outermost first: an include of one of them is a cycle.
    private readonly List<string> _includeStack = [];

    public HoconObjectNode Root { get; } = new(new HoconOrigin("(root)", 1, 1));

    /// <summary>False while text from outside (an experiment spec sent over HTTP) is parsed: an include there is an error, never a file read.</summary>
    public bool IncludesAllowed { get; private set; } = true;

    /// <summary>Parses HOCON text over what the document already holds.</summary>
    public void ParseText(string text, string sourceName, string? directory)
    {
        new HoconParser(this, text, sourceName, directory, []).ParseInto(Root, []);
    }

    /// <summary>Parses text that must not read files (no include) over what the document already holds.</summary>
    public void ParseUntrustedText(string text, string sourceName)
    {
        IncludesAllowed = false;
        try
        {
            ParseText(text, sourceName, null);
        }
        finally
        {
            IncludesAllowed = true;
        }
    }

    /// <summary>Parses a file over what the document already holds; includes are relative to it.</summary>
    public void ParseFile(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new ConfigurationException($"configuration file not found: {path}");
        }

        Include(full, Root, [], null);
    }

    /// <summary>Parses an included file into <paramref name="target"/>.</summary>
    public void Include(string fullPath, HoconObjectNode target, IReadOnlyList<string> prefix, HoconOrigin? includedAt)
    {
        if (_includeStack.Contains(fullPath))
        {
            var chain = string.Join(" -> ", _includeStack.Append(fullPath).Select(Path.GetFileName));
            throw includedAt is { } at
                ? at.Error($"include cycle: {chain}")
                : new ConfigurationException($"include cycle: {chain}");
        }

        string text;
        try
        {
            text = File.ReadAllText(fullPath);
        }
        catch (IOException e)
        {
            throw new ConfigurationException($"cannot read configuration file {fullPath}: {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new ConfigurationException($"cannot read configuration file {fullPath}: {e.Message}", e);
        }

        _includeStack.Add(fullPath);
        try
        {
            var display = DisplayName(fullPath);
            new HoconParser(this, text, display, Path.GetDirectoryName(fullPath), prefix).ParseInto(target, prefix);
        }
        finally
        {
            _includeStack.RemoveAt(_includeStack.Count - 1);
        }
    }

    /// <summary>Sets a single value at an absolute path, e.g. from an environment override.</summary>
    public void Set(IReadOnlyList<string> path, HoconNode value) => Assign(Root, path, value);

    /// <summary>The node at an absolute path, walking only through objects; null when absent.</summary>
    public HoconNode? Find(IReadOnlyList<string> path) => Find(Root, path);

    public static HoconNode? Find(HoconObjectNode from, IReadOnlyList<string> path)
    {
        HoconNode? current = from;
        foreach (var segment in path)
        {
            if (current is not HoconObjectNode obj)
            {
                return null;
            }

            current = obj.Get(segment);
        }

        return current;
    }

    /// <summary>
    /// Assigns a value at a relative key path: objects merge into objects, anything else replaces.
    /// An object over a value not yet resolved (a substitution) becomes a merge node.
    /// </summary>
    public static void Assign(HoconObjectNode target, IReadOnlyList<string> key, HoconNode value)
    {
        var current = target;
        for (var i = 0; i < key.Count - 1; i++)
        {
            var existing = current.Get(key[i]);
            if (existing is HoconObjectNode obj)
            {
                current = obj;
                continue;
            }

            var created = new HoconObjectNode(value.Origin);
            current.Set(key[i], IsUnresolved(existing) ? new HoconMergeNode(value.Origin, [existing!, created]) : created);
            current = created;
        }

        AssignField(current, key[^1], value);
    }

    private static void AssignField(HoconObjectNode target, string key, HoconNode value)
    {
        var existing = target.Get(key);
        if (value is HoconObjectNode incoming)
        {
            if (existing is HoconObjectNode present)
            {
                foreach (var field in incoming.Fields)
                {
                    AssignField(present, field.Key, field.Value);
                }

                return;
            }

            if (IsUnresolved(existing))
            {
                target.Set(key, new HoconMergeNode(value.Origin, [existing!, incoming]));
                return;
            }
        }

        // A value that may turn out undefined (${?X}) or an object (${other}) keeps the earlier value
        // underneath: "a = 10, a = ${?A}" leaves 10 when A is not set.
        target.Set(key, existing is not null && IsUnresolved(value) ? new HoconMergeNode(value.Origin, [existing, value]) : value);
    }

    private static bool IsUnresolved(HoconNode? node) =>
        node is HoconSubstitutionNode or HoconConcatNode or HoconPriorValueNode or HoconMergeNode;

    private static string DisplayName(string fullPath)
    {
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), fullPath);
        return relative.StartsWith("..", StringComparison.Ordinal) ? fullPath : relative;
    }
}
