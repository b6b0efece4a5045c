namespace PoseCluster.Runtime.Actors;

/// <summary>
/// The name of an actor and of its ancestors, e.g. <c>posecluster://node-1/user/ingestor/h36m</c>.
/// Paths identify a position in the hierarchy, not an incarnation: a restarted or re-created actor
/// keeps its path.
/// </summary>
public sealed class ActorPath : IEquatable<ActorPath>
{
    private readonly string _text;

    private ActorPath(string systemName, ActorPath? parent, string name)
    {
        SystemName = systemName;
        Parent = parent;
        Name = name;
        _text = parent is null ? $"posecluster://{systemName}/{name}" : $"{parent._text}/{name}";
    }

    /// <summary>The name of the actor system the actor belongs to.</summary>
    public string SystemName { get; }

    /// <summary>The parent's path; null for a root.</summary>
    public ActorPath? Parent { get; }

    /// <summary>The last element: the actor's name, unique among its siblings.</summary>
    public string Name { get; }

    /// <summary>The path of a root element (a guardian) of a system.</summary>
    public static ActorPath Root(string systemName, string name) => new(systemName, null, name);

    /// <summary>The path of a child of this path.</summary>
    public ActorPath Child(string name) => new(SystemName, this, name);

    /// <inheritdoc/>
    public bool Equals(ActorPath? other) => other is not null && string.Equals(_text, other._text, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ActorPath);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_text);

    /// <summary>The full path as text.</summary>
    public override string ToString() => _text;
}
