using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;

namespace PoseCluster.Actors.Serialization;

/// <summary>
/// An <see cref="IActorRef"/> in a <see cref="IClusterMessage"/> as JSON: the actor's serialized path
/// (with the sending node's address), resolved to a reference in the receiving system.
/// </summary>
internal sealed class ActorRefJsonConverter(ExtendedActorSystem system) : JsonConverter<IActorRef>
{
    /// <inheritdoc />
    public override IActorRef Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var path = reader.GetString();
        return string.IsNullOrEmpty(path) ? ActorRefs.Nobody : system.Provider.ResolveActorRef(path);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, IActorRef value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value is null || value.IsNobody() ? "" : Akka.Serialization.Serialization.SerializedActorPath(value));
    }
}
