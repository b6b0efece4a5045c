using System.Runtime.Serialization;
using Akka.Serialization;
using PoseCluster.Actors.Counters;
using PoseCluster.Actors.Serialization;
using PoseCluster.Actors.Tests.Support;

namespace PoseCluster.Actors.Tests.Serialization;

/// <summary>docs/CLUSTER.md's rule, checked: every IClusterMessage goes through our serializer and comes back equal.</summary>
public sealed class ClusterMessageSerializerSpecs : ActorSpec
{
    public static TheoryData<IClusterMessage> Samples => new()
    {
        new Increment("counter-1", "counter-1/3", 3),
        new IncrementAcknowledged("counter-1", "counter-1/3", 6),
        new GetCounterValue("counter-1"),
        new CounterValue("counter-1", 6, 3),
        new CounterIncremented("counter-1/3", 3),
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void A_cluster_message_round_trips_through_the_posecluster_serializer(IClusterMessage message)
    {
        var serializer = Sys.Serialization.FindSerializerFor(message);
        Assert.IsType<ClusterMessageSerializer>(serializer);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
        var back = Sys.Serialization.Deserialize(serializer.ToBinary(message), serializer.Identifier, manifest);
        Assert.Equal(message, back);
    }

    [Fact]
    public void Every_cluster_message_type_of_the_actors_assembly_is_a_sealed_record()
    {
        var types = typeof(IClusterMessage).Assembly.GetTypes().Where(t => typeof(IClusterMessage).IsAssignableFrom(t) && !t.IsInterface).ToList();
        Assert.NotEmpty(types);
        Assert.All(types, t => Assert.True(t.IsSealed && t.GetMethod("<Clone>$") is not null, $"{t.Name} must be a sealed record"));
    }

    [Fact]
    public void A_snapshot_with_a_list_round_trips()
    {
        var snapshot = new CounterSnapshot(6, ["a", "b"]);
        var serializer = (SerializerWithStringManifest)Sys.Serialization.FindSerializerFor(snapshot);
        var back = (CounterSnapshot)serializer.FromBinary(serializer.ToBinary(snapshot), serializer.Manifest(snapshot));
        Assert.Equal(snapshot.Value, back.Value);
        Assert.Equal(snapshot.AppliedCommands, back.AppliedCommands);
    }

    [Fact]
    public void A_manifest_naming_a_type_that_is_no_cluster_message_is_refused()
    {
        var serializer = (SerializerWithStringManifest)Sys.Serialization.FindSerializerFor(new GetCounterValue("x"));
        var error = Assert.Throws<SerializationException>(() => serializer.FromBinary("{}"u8.ToArray(), "System.IO.FileInfo, System.Runtime"));
        Assert.Contains("does not implement IClusterMessage", error.Message, StringComparison.Ordinal);
    }
}
