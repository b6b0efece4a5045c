namespace PoseCluster.Runtime.Actors;

/// <summary>
/// The recipe for an actor: how to make a fresh instance, at start and at every restart. Immutable and
/// safe to reuse for many actors; the factory must return a new instance on each call.
/// </summary>
public sealed class Props
{
    private readonly Func<ReceiveActor> _factory;

    private Props(Type actorType, Func<ReceiveActor> factory)
    {
        ActorType = actorType;
        _factory = factory;
    }

    /// <summary>The class of the actor.</summary>
    public Type ActorType { get; }

    /// <summary>Props for an actor with a parameterless constructor.</summary>
    public static Props Create<TActor>()
        where TActor : ReceiveActor, new() => new(typeof(TActor), static () => new TActor());

    /// <summary>Props whose <paramref name="factory"/> makes each instance (capture constructor arguments in it).</summary>
    public static Props Create<TActor>(Func<TActor> factory)
        where TActor : ReceiveActor
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new(typeof(TActor), factory);
    }

    internal ReceiveActor NewActor() =>
        _factory() ?? throw new InvalidOperationException($"The factory of {ActorType.Name} returned null");

    /// <summary>Names the actor class, for logs.</summary>
    public override string ToString() => $"Props({ActorType.Name})";
}
