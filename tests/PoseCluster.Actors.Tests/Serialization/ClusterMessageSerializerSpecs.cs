using System.Runtime.Serialization;
using Akka.Serialization;
using PoseCluster.Actors.Counters;
using PoseCluster.Actors.Experiments;
using PoseCluster.Actors.Submission;
using PoseCluster.Actors.Training;
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
        new ExperimentAccepted("e-1", "Submitted"),
        new CancelExperiment("e-1"),
        new CancelAccepted("e-1", "Cancelled"),
        new CancelRefused("e-1", "Succeeded"),
        new GetExperiment("e-1"),
        new ExperimentUnknown("e-1"),
        new CorpusAwaited("no corpus yet"),
        new CorpusPinned("v-1"),
        new EvaluationStarted(2, 200),
        new AttemptEnded(1, "node lost: akka.tcp://posecluster@127.0.0.1:4053 unreachable (rank 1)", At),
        new ExperimentSucceeded(At),
        new ExperimentFailed("max-restarts reached", At),
        new ExperimentCancelled(At),
        new ClaimSlots("e-1/1", 1, 2),
        new SlotsUnavailable("e-1/1", 0, 2),
        new ReleaseSlots("e-1/1"),
        new SlotsReleased("e-1/1"),
        GetTrainerSlots.Instance,
        new StopRank("e-1", 1, "cancelled"),
        new RankStarted("e-1", 1, 0, 100),
        new RankEvaluating("e-1", 1, 200),
        new RankCompleted("e-1", 1, 0, 200),
        new RankFailed("e-1", 1, 1, "collective timed out", RankFailureKind.Transient),
        new RendezvousGet("rank0"),
        new RendezvousValue("rank0", null),
        new RendezvousChecked(true),
        RendezvousDone.Instance,
        new SubmitExperimentSpec("steps = 10"),
        new SubmissionAccepted("e-1", "Submitted"),
        new SubmissionFailed("no acknowledgement"),
        new CancelExperimentRequest("e-1"),
    };

    private static DateTimeOffset At { get; } = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

    private static ExperimentSpec Spec { get; } = new("tiny", "latest", 20, 1, 2, 3, "posecluster.model.frames = 4", "{\"steps\":20}");

    [Fact]
    public void Messages_with_lists_dictionaries_and_actor_references_round_trip()
    {
        var start = new StartRank("e-1", 2, 1, 2, Spec, "v-1", new Storage.Registry.CheckpointRecord("experiments/e-1/checkpoints/step-00000010.ckpt", "e-1", 10, "ab", 42), TestActor, TestActor);
        var granted = new SlotsGranted("e-1/2", [new GrantedSlots("akka.tcp://posecluster@127.0.0.1:4053", 2, TestActor)]);
        var details = new ExperimentDetails("e-1", "Training", Spec, At, "v-1", [new AttemptDetails(1, 2, ["a", "b"], 0, null, At, At, "completed")], null, "waiting for trainer slots");
        var events = new object[]
        {
            new SubmitExperiment("e-1", Spec, At),
            new ExperimentSubmitted(Spec, At),
            new AttemptStarted(2, ["a", "a"], 10, "experiments/e-1/checkpoints/step-00000010.ckpt", At),
            new SlotsClaimRecorded("e-1/1", new Dictionary<string, int> { ["a"] = 2 }),
            new SlotsClaimReleased("e-1/1"),
            new TrainerPoolSnapshot(new Dictionary<string, IReadOnlyDictionary<string, int>> { ["e-1/1"] = new Dictionary<string, int> { ["a"] = 1 } }),
            new TrainerSlotsReport([new TrainerNodeSlots("a", 2, 1, true)]),
            new RegisterTrainerNode("a", 2, TestActor),
            new RendezvousSet("rank0", [1, 2, 3]),
            new RendezvousWait(["rank0", "rank1"]),
            new RendezvousCheck(["rank0"]),
            new SpecRejected(new Dictionary<string, string> { ["steps"] = "is required" }),
        };

        var back = RoundTrip(start);
        Assert.Equal(start with { ResumeFrom = null }, back with { ResumeFrom = null });
        Assert.Equal(start.ResumeFrom, back.ResumeFrom);
        Assert.Equal(TestActor, back.Coordinator);
        Assert.Equal(TestActor, RoundTrip(granted).Nodes.Single().Host);
        Assert.Equal(details.Attempts.Single().Nodes, RoundTrip(details).Attempts.Single().Nodes);
        foreach (var message in events)
        {
            Assert.Equal(Sys.Serialization.FindSerializerFor(message).ToBinary(message), Sys.Serialization.FindSerializerFor(message).ToBinary(RoundTrip(message)));
        }
    }

    private T RoundTrip<T>(T message)
        where T : notnull
    {
        var serializer = (SerializerWithStringManifest)Sys.Serialization.FindSerializerFor(message);
        Assert.IsType<ClusterMessageSerializer>(serializer);
        return (T)serializer.FromBinary(serializer.ToBinary(message), serializer.Manifest(message));
    }

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
