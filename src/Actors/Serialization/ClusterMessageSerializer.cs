using System.Collections.Concurrent;
using System.Runtime.Serialization;
using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;

namespace PoseCluster.Actors.Serialization;

/// <summary>
/// Akka serializer of every <see cref="IClusterMessage"/>: UTF-8 JSON by System.Text.Json, the manifest
/// is the type's full name and assembly (no version, so a rolling upgrade can read older events).
/// Only types that implement <see cref="IClusterMessage"/> are ever instantiated from a manifest.
/// <see cref="IActorRef"/> properties travel as the actor's serialized path (<see cref="ActorRefJsonConverter"/>);
/// they belong in messages, never in persisted events (an incarnation's path means nothing after a restart).
/// </summary>
public sealed class ClusterMessageSerializer : SerializerWithStringManifest
{
    /// <summary>Serializer id written next to every payload (Akka reserves 0–100 for itself).</summary>
    public const int Id = 4711;

    // Per serializer (per actor system): the actor reference converter resolves paths in this system.
    private readonly JsonSerializerOptions _options;

    // Manifest → type, filled on first use of each type (serializers are shared by every actor).
    private readonly ConcurrentDictionary<string, Type> _types = new(StringComparer.Ordinal);

    /// <summary>Created by Akka from the <c>akka.actor.serializers</c> setting.</summary>
    public ClusterMessageSerializer(ExtendedActorSystem system) : base(system)
    {
        _options = new JsonSerializerOptions(JsonSerializerDefaults.General);
        _options.Converters.Add(new ActorRefJsonConverter(system));
    }

    /// <inheritdoc />
    public override int Identifier => Id;

    /// <inheritdoc />
    public override string Manifest(object o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var type = o.GetType();
        return $"{type.FullName}, {type.Assembly.GetName().Name}";
    }

    /// <inheritdoc />
    public override byte[] ToBinary(object obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), _options);
    }

    /// <inheritdoc />
    public override object FromBinary(byte[] bytes, string manifest)
    {
        var type = _types.GetOrAdd(manifest, Resolve);
        return JsonSerializer.Deserialize(bytes, type, _options)
            ?? throw new SerializationException($"manifest {manifest}: the payload is JSON null");
    }

    private static Type Resolve(string manifest)
    {
        var type = Type.GetType(manifest, throwOnError: false)
            ?? throw new SerializationException($"manifest {manifest}: no such type in this node's assemblies");
        return typeof(IClusterMessage).IsAssignableFrom(type)
            ? type
            : throw new SerializationException($"manifest {manifest}: the type does not implement {nameof(IClusterMessage)}");
    }
}
