using System.Text;

namespace PoseCluster.Configuration;

/// <summary>
/// Resolves substitutions, concatenations and merges of a <see cref="HoconDocument"/> into
/// immutable values. Each node is resolved once (memoized); a node met again while it is still being
/// resolved is a cycle, reported with the chain of substitutions that led to it.
/// </summary>
internal sealed class HoconResolver
{
    private readonly HoconObjectNode _root;
    private readonly Func<string, string?> _environment;
    private readonly Dictionary<HoconNode, ConfigValue?> _resolved = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<HoconNode> _inProgress = new(ReferenceEqualityComparer.Instance);
    private readonly List<HoconSubstitutionNode> _chain = [];

    public HoconResolver(HoconObjectNode root, Func<string, string?> environment)
    {
        _root = root;
        _environment = environment;
    }

    public ConfigObject ResolveRoot() =>
        Resolve(_root) as ConfigObject ?? new ConfigObject(_root.Origin, []);

    private ConfigValue? Resolve(HoconNode node)
    {
        if (_resolved.TryGetValue(node, out var done))
        {
            return done;
        }

        if (!_inProgress.Add(node))
        {
            var chain = string.Join(" -> ", _chain.Select(s => s.Display));
            var at = _chain.Count > 0 ? _chain[^1].Origin : node.Origin;
            throw at.Error($"substitution cycle: {chain}");
        }

        try
        {
            var value = node switch
            {
                HoconObjectNode o => ResolveObject(o),
                HoconArrayNode a => new ConfigList(a.Origin, a.Items.Select(Resolve).OfType<ConfigValue>().ToArray()),
                HoconScalarNode s => new ConfigScalar(s.Origin, s.Kind, s.Text),
                HoconWhitespace w => new ConfigScalar(w.Origin, HoconScalarKind.String, w.Text),
                HoconSubstitutionNode s => ResolveSubstitution(s),
                HoconPriorValueNode p => ResolvePrior(p),
                HoconConcatNode c => ResolveConcat(c),
                HoconMergeNode m => ResolveMerge(m),
                _ => throw new InvalidOperationException($"unknown node {node.GetType().Name}"),
            };
            _resolved[node] = value;
            return value;
        }
        finally
        {
            _inProgress.Remove(node);
        }
    }

    private ConfigObject ResolveObject(HoconObjectNode obj)
    {
        var fields = new OrderedDictionary<string, ConfigValue>();
        foreach (var (key, node) in obj.Fields)
        {
            if (Resolve(node) is { } value)
            {
                fields[key] = value;
            }
        }

        return new ConfigObject(obj.Origin, fields);
    }

    private ConfigValue? ResolveSubstitution(HoconSubstitutionNode s)
    {
        _chain.Add(s);
        try
        {
            if (Lookup(s.Path, out var found))
            {
                return found;
            }
        }
        finally
        {
            _chain.RemoveAt(_chain.Count - 1);
        }

        // Not in the configuration: HOCON falls back to an environment variable of that name.
        var env = _environment(HoconPath.Render(s.Path));
        if (env is not null)
        {
            return new ConfigScalar(s.Origin, HoconScalarKind.String, env);
        }

        return s.Optional
            ? null
            : throw s.Origin.Error($"could not resolve substitution {s.Display}: no such setting or environment variable");
    }

    private ConfigValue? ResolvePrior(HoconPriorValueNode p)
    {
        if (p.Prior is not null)
        {
            return Resolve(p.Prior);
        }

        var env = _environment(HoconPath.Render(p.Reference.Path));
        if (env is not null)
        {
            return new ConfigScalar(p.Origin, HoconScalarKind.String, env);
        }

        return p.Reference.Optional
            ? null
            : throw p.Origin.Error($"self-reference {p.Reference.Display} has no earlier value to refer to");
    }

    /// <summary>Finds a path, resolving only what lies on the way. Absent (or optional-undefined) is false.</summary>
    private bool Lookup(IReadOnlyList<string> path, out ConfigValue? value)
    {
        value = null;
        HoconNode current = _root;
        for (var i = 0; i < path.Count; i++)
        {
            if (current is HoconObjectNode obj)
            {
                var child = obj.Get(path[i]);
                if (child is null)
                {
                    return false;
                }

                current = child;
                continue;
            }

            // A value that is not a plain object node yet (a substitution, a merge): resolve it and walk on.
            var resolved = Resolve(current);
            for (var j = i; j < path.Count; j++)
            {
                if (resolved is not ConfigObject o || !o.Fields.TryGetValue(path[j], out resolved))
                {
                    return false;
                }
            }

            value = resolved;
            return true;
        }

        value = Resolve(current);
        return value is not null;
    }

    private ConfigValue? ResolveConcat(HoconConcatNode c)
    {
        var values = new List<(HoconNode Node, ConfigValue Value)>();
        foreach (var part in c.Parts)
        {
            if (Resolve(part) is { } v)
            {
                values.Add((part, v));
            }
        }

        var solid = values.Where(v => v.Node is not HoconWhitespace).ToList();
        if (solid.Count == 0)
        {
            return null;
        }

        if (solid.All(v => v.Value is ConfigObject))
        {
            return solid.Select(v => (ConfigObject)v.Value).Aggregate(ConfigObject.Merge);
        }

        if (solid.All(v => v.Value is ConfigList))
        {
            return new ConfigList(c.Origin, solid.SelectMany(v => ((ConfigList)v.Value).Items).ToArray());
        }

        var odd = solid.FirstOrDefault(v => v.Value is ConfigObject or ConfigList);
        if (odd.Value is not null)
        {
            throw odd.Node.Origin.Error($"cannot concatenate {odd.Value.Describe()} with a string; objects join objects and lists join lists");
        }

        // Strings: keep whitespace only where it stood between two defined parts.
        var text = new StringBuilder();
        var first = values.FindIndex(v => v.Node is not HoconWhitespace);
        var last = values.FindLastIndex(v => v.Node is not HoconWhitespace);
        for (var i = first; i <= last; i++)
        {
            var scalar = (ConfigScalar)values[i].Value;
            text.Append(scalar.Kind == HoconScalarKind.Null ? "null" : scalar.Text);
        }

        return new ConfigScalar(c.Origin, HoconScalarKind.String, text.ToString());
    }

    private ConfigValue? ResolveMerge(HoconMergeNode m)
    {
        ConfigValue? result = null;
        foreach (var layer in m.Layers)
        {
            var value = Resolve(layer);
            if (value is null)
            {
                continue;
            }

            result = result is ConfigObject under && value is ConfigObject over ? ConfigObject.Merge(under, over) : value;
        }

        return result;
    }
}
