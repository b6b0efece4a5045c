using System.Runtime.Serialization;
using Akka.Serialization;
using PoseCluster.Actors.Counters;
using PoseCluster.Actors.Experiments;
using PoseCluster.Actors.Harmonization;
using PoseCluster.Actors.Ingestion;
using PoseCluster.Actors.Serialization;
using PoseCluster.Actors.Shards;
using PoseCluster.Actors.Submission;
using PoseCluster.Actors.Tests.Support;
using PoseCluster.Actors.Training;
using PoseCluster.Datasets;
using PoseCluster.Datasets.Ingestion;
using PoseCluster.Datasets.Pipeline;
using PoseCluster.Datasets.Sources;
using PoseCluster.Storage.Pipeline;

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
        new AddDataset("h36m", "j-1", DatasetKind.H36M, "/data/h36m"),
        new DatasetAdded("h36m", "j-1", 0),
        new GetDatasetStatus("h36m"),
        new GetDatasetJob("h36m", "j-1"),
        new GetDatasetInputs("h36m"),
        new DatasetNotReady("h36m"),
        new SequenceCounts(4, 3, 2, 1, 0, 1),
        new DatasetJobAccepted("j-1", DatasetKind.Mads, "/data/mads", new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.Zero)),
        DatasetTrackingConfirmed.Instance,
        new DatasetSequencesRecorded("j-1"),
        new DatasetJobReported("j-1"),
        new DatasetJobFailed("j-1", "no such folder"),
        new Stage1UnitFailed("h36m", "j-1", "data_3d_h36m.npz", "store unavailable"),
        new Stage1Recorded("h36m/S1/Walking/world", "j-1"),
        new SequenceNotProjected("h36m/S1/Walking/world", "v-1", "no record"),
        new TrackDataset("h36m"),
        new DatasetTracked("h36m"),
        new DatasetReady("h36m", "j-1", "abc"),
        new DatasetReadyAcknowledged("h36m", "j-1"),
        ListTrackedDatasets.Instance,
        new GetCorpusJob("j-1"),
        new CorpusJobResult("j-1", "h36m", "complete", "v-2", "v-1", 3, 20, 3, null),
        GetCorpusCoordinatorStatus.Instance,
        new CoordinatorDatasetTracked("h36m"),
        new CorpusJobQueued("j-1", "h36m", "abc"),
        new ShardNotWritten("v-1/train/0", "disk full"),
        new SubmitDataset("h36m", "h36m", "/data/h36m"),
        new DatasetSubmissionAccepted("h36m", "j-1"),
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
            new SubmissionRejected(new Dictionary<string, string> { ["steps"] = "is required" }),
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

    private static readonly CorpusSequence Sequence = new("h36m", DatasetKind.H36M, new Stage1Location("c1", "u1", "data_3d_h36m.npz"),
        new Stage1Sequence(0, "S1", "Walking", "world", "data_3d_h36m.npz:S1/Walking", 50, 100, [0, 60, 70, 30], 12, [1, 2, 3, 4, 5, 6, 7, 8, 9.5],
            3456.25, 4400.125, 90, true, new Stage1Block(0, 1234, "0badf00d"), null));

    private static readonly VersionShard Shard = new("corpora/v-1/train/shard-00000.arrow", "train", "h36m", "v-1", 5, 27_000, new string('a', 64));

    /// <summary>Messages and events holding lists and nested records (records compare lists by reference, so these compare as JSON).</summary>
    public static TheoryData<IClusterMessage> StructuredSamples => new()
    {
        new RunStage1Unit("h36m/data_3d_h36m.npz", "h36m", "j-1", DatasetKind.H36M, "/data/h36m", new SourceUnit("data_3d_h36m.npz", ["data_3d_h36m.npz", "data_2d_h36m_gt.npz"], "", "data_3d_h36m", ""), "u1"),
        new Stage1UnitDone("h36m", "j-1", new Stage1UnitOutcome("data_3d_h36m.npz", Stage1UnitStatus.Computed, Sequence.Location, [new FileHash("data_3d_h36m.npz", 10, "ff")], 1, [Sequence.Stage1]), Stored: false),
        new DatasetJobScanned("j-1", [new FileFingerprint("data_3d_h36m.npz", 10, 638_000_000_000_000_000, "hh", null)], "cheap", new Dictionary<string, string> { ["ignore_list.txt"] = "ee" },
            [new SourceUnit("a.pkl", ["a.pkl"], "d01", "a", "world", "listed in ignore_list.txt")]),
        new DatasetStage1Completed("j-1", "content", [new FileFingerprint("a", 1, 2, "h", "s")]),
        new DatasetStatus("h36m", true, "h36m", "/data/h36m", "content", "ready", "akka.tcp://posecluster@127.0.0.1:4051", "j-1", "reported",
            new SequenceCounts(2, 1, 1, 0, 0, 1), 1, 1, [new SequenceError("S1/Walking/world", "no upright frame")], null),
        new DatasetInputs("h36m", "j-1", DatasetKind.H36M, new VersionDataset("h36m", "h36m", "content", 3456.25, 4400.125, 90),
            [new SequenceRef("h36m/S1/Walking/world", Sequence.Location, 0, Stage1UnitStatus.Cached)], [new RejectedSequence(Sequence, Stage1UnitStatus.Computed, "duplicate")],
            new Stage1Counts(1, 0, 1, 0, 1)),
        new RecordStage1("h36m/S1/Walking/world", "j-1", Sequence),
        new ProjectSequence("h36m/S1/Walking/world", "v-1", "config", Sequence.Location, 0, 350.125, 450.5),
        new SequenceProjected("h36m/S1/Walking/world", "v-1", Sequence, new SequenceProjection([1, 0, 0, 0, 1, 0, 0, 0, 1], [1.5, 2, 3], 0.25, "train", 4, null)),
        new SequenceStage1Stored("j-1", Sequence),
        new TrackedDatasets(["3dhp", "h36m"]),
        new CorpusCoordinatorStatus("v-2", null, 0, ["v-1", "v-2"], 0),
        new CorpusBuildStarted("v-2", ["j-1", "j-2"]),
        new CorpusShardRecorded("v-2", Shard),
        new CorpusBuildCompleted("v-2", [new CorpusJobResult("j-1", "h36m", "complete", "v-2", "v-1", 3, 20, 3, null)]),
        new CorpusBuildFailed(["j-1"], "no usable frame"),
        new CorpusCoordinatorSnapshot(["h36m"], ["h36m"], [new CorpusJobQueued("j-3", "h36m", "c")], ["v-1"], [new CorpusJobResult("j-1", "h36m", "failed", null, null, 0, 0, 0, "x")]),
        new WriteShard("v-1/train/0", new ShardAssignment("v-1", "train", 0, "h36m", 4, [new ShardItem(Sequence, new SequenceProjection([1, 0, 0, 0, 1, 0, 0, 0, 1], [0, 0, 0], 0, "train", 4, null), 0, 4)]),
            350, 450, "config"),
        new ShardWritten("v-1/train/0", Shard),
        new SubmissionRejected(new Dictionary<string, string> { ["kind"] = "unknown kind 'x'" }),
    };

    [Theory]
    [MemberData(nameof(StructuredSamples))]
    public void A_structured_cluster_message_round_trips_to_the_same_json(IClusterMessage message)
    {
        var serializer = (SerializerWithStringManifest)Sys.Serialization.FindSerializerFor(message);
        var bytes = serializer.ToBinary(message);
        var back = serializer.FromBinary(bytes, serializer.Manifest(message));
        Assert.IsType(message.GetType(), back);
        Assert.Equal(System.Text.Encoding.UTF8.GetString(bytes), System.Text.Encoding.UTF8.GetString(serializer.ToBinary(back)));
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
