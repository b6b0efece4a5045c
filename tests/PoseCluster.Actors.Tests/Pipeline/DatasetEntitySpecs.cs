using Akka.Actor;
using Akka.TestKit;
using PoseCluster.Actors.Harmonization;
using PoseCluster.Actors.Ingestion;
using PoseCluster.Actors.Tests.Support;
using PoseCluster.Datasets.Sources;
using PoseCluster.Storage.Pipeline;
using Xunit.Abstractions;

namespace PoseCluster.Actors.Tests.Pipeline;

/// <summary>
/// The Dataset entity on Akka.TestKit with a real journal: probes play the stage-1 unit workers, the Sequence
/// entities and the corpus coordinator where a spec needs to see or hold back what the entity sends; real
/// unit workers and sequences where it needs their answers.
/// </summary>
public sealed class DatasetEntitySpecs(ITestOutputHelper output) : ActorSpec(output), IAsyncLifetime
{
    private PipelineFixture _pipeline = null!;

    public async Task InitializeAsync() => _pipeline = await PipelineFixture.CreateAsync(retry: TimeSpan.FromHours(1));

    public async Task DisposeAsync() => await _pipeline.DisposeAsync();

    private IActorRef Dataset(string name, IActorRef units, IActorRef sequences, IActorRef coordinator) =>
        Sys.ActorOf(DatasetEntity.PropsFor(name, _pipeline.Environment, units, sequences, coordinator));

    private static AddDataset Add(string kind, string job, string? name = null, string? folderOf = null) =>
        new(name ?? kind, job, PipelineFixture.Kind(kind), PipelineFixture.DatasetPath(folderOf ?? kind));

    private DatasetStatus Status(IActorRef dataset, string name)
    {
        dataset.Tell(new GetDatasetStatus(name));
        return ExpectMsg<DatasetStatus>();
    }

    private IActorRef RealUnits() => Sys.ActorOf(LocalRegion.PropsFor(_ => Stage1UnitEntity.PropsFor(_pipeline.Environment)));

    private IActorRef RealSequences() => Sys.ActorOf(LocalRegion.PropsFor(id => SequenceEntity.PropsFor(id, _pipeline.Environment)));

    /// <summary>Plays the coordinator until one of <paramref name="jobs"/> is reported: tracks the dataset, acknowledges the report.</summary>
    private static DatasetReady AcknowledgeReport(TestProbe coordinator, params string[] jobs)
    {
        while (true)
        {
            var message = coordinator.ExpectMsg<object>(TimeSpan.FromSeconds(60));
            if (message is TrackDataset track)
            {
                coordinator.Reply(new DatasetTracked(track.Dataset));
            }
            else if (message is DatasetReady ready && jobs.Contains(ready.Job))
            {
                coordinator.Reply(new DatasetReadyAcknowledged(ready.Dataset, ready.Job));
                return ready;
            }
        }
    }

    private void AwaitPhase(IActorRef dataset, string name, string phase) =>
        AwaitAssert(() => Assert.Equal(phase, Status(dataset, name).Phase), TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(100));

    [Fact]
    public void A_job_is_acknowledged_once_persisted_and_the_same_job_sent_again_is_acknowledged_again_and_run_once()
    {
        var units = CreateTestProbe();
        var coordinator = CreateTestProbe();
        var dataset = Dataset("aistpp", units, CreateTestProbe(), coordinator);
        dataset.Tell(Add("aistpp", "j1"));
        Assert.Equal(new DatasetAdded("aistpp", "j1", 0), ExpectMsg<DatasetAdded>());
        dataset.Tell(Add("aistpp", "j1"));
        Assert.Equal(new DatasetAdded("aistpp", "j1", 0), ExpectMsg<DatasetAdded>());

        // The coordinator is told of the dataset, and each of its 4 units (one skipped by the ignore list) is handed out once.
        Assert.Equal("aistpp", coordinator.ExpectMsg<TrackDataset>().Dataset);
        var runs = Enumerable.Range(0, 4).Select(_ => units.ExpectMsg<RunStage1Unit>()).ToList();
        Assert.Equal(4, runs.Select(r => r.Unit.Id).Distinct().Count());
        Assert.All(runs, r => Assert.Equal(("aistpp", "j1", Stage1UnitEntity.IdOf("aistpp", r.Unit.Id)), (r.Dataset, r.Job, r.EntityId)));
        units.ExpectNoMsg(TimeSpan.FromMilliseconds(300));

        var status = Status(dataset, "aistpp");
        Assert.Equal(("ingesting", "stage1", 4, 0), (status.Status, status.Phase, status.UnitsTotal, status.UnitsDone));

        // A second job waits behind the first.
        dataset.Tell(Add("aistpp", "j2"));
        Assert.Equal(1, ExpectMsg<DatasetAdded>().Ahead);
    }

    [Fact]
    public async Task A_unit_result_delivered_twice_is_recorded_once_and_the_report_waits_until_the_units_frames_are_stored()
    {
        var outcomes = await _pipeline.Stage1Async("h36m");
        var units = CreateTestProbe();
        var sequences = CreateTestProbe();
        var coordinator = CreateTestProbe();
        var dataset = Dataset("h36m", units, sequences, coordinator);
        dataset.Tell(Add("h36m", "j1"));
        ExpectMsg<DatasetAdded>();
        units.ExpectMsg<RunStage1Unit>();
        var computed = new Stage1UnitDone("h36m", "j1", Assert.Single(outcomes), Stored: false);
        dataset.Tell(computed with { Job = "other-job" });
        dataset.Tell(computed);
        dataset.Tell(computed);

        // Every accepted sequence goes to its Sequence entity exactly once; acknowledging them moves the job on.
        var records = Enumerable.Range(0, 8).Select(_ => sequences.ExpectMsg<RecordStage1>()).ToList();
        sequences.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.Equal(8, records.Select(r => r.EntityId).Distinct().Count());
        Assert.All(records, r => Assert.Equal(SequenceEntity.IdOf(r.Sequence.Key), r.EntityId));
        foreach (var record in records)
        {
            dataset.Tell(new Stage1Recorded(record.EntityId, "j1"));
        }

        dataset.Tell(new Stage1Recorded(records[0].EntityId, "j1"));

        // Every sequence is held, but the unit's frames are not stored yet: nothing is reported until they are.
        AwaitPhase(dataset, "h36m", "recording");
        coordinator.FishForMessage(m => m is TrackDataset, TimeSpan.FromSeconds(30));
        coordinator.Reply(new DatasetTracked("h36m"));
        coordinator.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
        dataset.Tell(computed with { Stored = true });
        var ready = AcknowledgeReport(coordinator, "j1");
        AwaitPhase(dataset, "h36m", "reported");
        var status = Status(dataset, "h36m");
        Assert.Equal(new SequenceCounts(8, 8, 8, 0, 0, 0), status.Sequences);
        Assert.Equal((ready.ContentHash, "ready"), (status.ContentHash, status.Status));

        // The registry lists the dataset with every file's SHA-256.
        var recorded = Assert.Single(await _pipeline.Environment.Registry.DatasetsAsync(CancellationToken.None));
        Assert.Equal((ready.ContentHash, "h36m"), (recorded.ContentHash, recorded.Kind));
        Assert.NotEmpty(await _pipeline.Environment.Registry.DatasetFilesAsync("h36m", CancellationToken.None));
    }

    [Fact]
    public void Rejected_sequences_are_counted_and_listed_with_their_reasons()
    {
        var coordinator = CreateTestProbe();
        var units = RealUnits();
        var sequences = RealSequences();
        var mads = Dataset("mads", units, sequences, coordinator);
        var aistpp = Dataset("aistpp", units, sequences, coordinator);
        mads.Tell(Add("mads", "m1"));
        aistpp.Tell(Add("aistpp", "a1"));
        ExpectMsg<DatasetAdded>();
        ExpectMsg<DatasetAdded>();
        var reports = new[] { AcknowledgeReport(coordinator, "m1", "a1").Job, AcknowledgeReport(coordinator, "m1", "a1").Job };
        Assert.Equal(["a1", "m1"], reports.Order(StringComparer.Ordinal));
        AwaitPhase(mads, "mads", "reported");
        AwaitPhase(aistpp, "aistpp", "reported");

        var madsStatus = Status(mads, "mads");
        Assert.Equal(new SequenceCounts(4, 3, 3, 0, 0, 1), madsStatus.Sequences);
        var madsError = Assert.Single(madsStatus.Errors);
        Assert.Equal("Taichi/Taichi_S2/world", madsError.Sequence);
        Assert.Contains("multi_view_data/Taichi/Taichi_S2_GT.mat: 15 joints", madsError.Reason, StringComparison.Ordinal);

        var aistppStatus = Status(aistpp, "aistpp");
        Assert.Equal(new SequenceCounts(4, 3, 3, 0, 0, 1), aistppStatus.Sequences);
        Assert.Contains("listed in ignore_list.txt", Assert.Single(aistppStatus.Errors).Reason, StringComparison.Ordinal);

        // The rejections are also what the corpus coordinator gets as the dataset's inputs.
        mads.Tell(new GetDatasetInputs("mads"));
        var inputs = ExpectMsg<DatasetInputs>();
        Assert.Equal(3, inputs.Accepted.Count);
        Assert.Contains("15 joints", Assert.Single(inputs.Rejected).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dataset_restarted_in_stage_1_recovers_from_its_journal_and_hands_out_only_the_units_not_recorded()
    {
        var outcomes = (await _pipeline.Stage1Async("aistpp")).ToDictionary(o => o.Unit);
        var units = CreateTestProbe();
        var sequences = RealSequences();
        var coordinator = CreateTestProbe();
        var first = Dataset("aistpp", units, sequences, coordinator);
        first.Tell(Add("aistpp", "j1"));
        ExpectMsg<DatasetAdded>();
        var handedOut = Enumerable.Range(0, 4).Select(_ => units.ExpectMsg<RunStage1Unit>()).ToList();
        foreach (var run in handedOut.Take(2))
        {
            first.Tell(new Stage1UnitDone("aistpp", "j1", outcomes[run.Unit.Id], Stored: true));
        }

        AwaitAssert(() => Assert.Equal(2, Status(first, "aistpp").UnitsDone), TimeSpan.FromSeconds(30));
        Watch(first);
        first.Tell(PoisonPill.Instance);
        ExpectTerminated(first);

        // The restarted entity finds the job, its scan and the two recorded units in its journal: it hands out the two
        // others, and asks again whether the recorded computed one was stored (the skipped one needs no frames).
        var second = Dataset("aistpp", units, sequences, coordinator);
        Assert.Equal(("stage1", 4, 2), (Status(second, "aistpp").Phase, Status(second, "aistpp").UnitsTotal, Status(second, "aistpp").UnitsDone));
        var recordedComputed = handedOut.Take(2).Select(r => outcomes[r.Unit.Id]).Count(o => o.Status == Stage1UnitStatus.Computed);
        var resent = Enumerable.Range(0, 2 + recordedComputed).Select(_ => units.ExpectMsg<RunStage1Unit>()).Select(r => r.Unit.Id).Order(StringComparer.Ordinal).ToList();
        units.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.Equal(handedOut.Skip(2).Select(r => r.Unit.Id)
            .Concat(handedOut.Take(2).Select(r => r.Unit.Id).Where(u => outcomes[u].Status == Stage1UnitStatus.Computed)).Order(StringComparer.Ordinal), resent);
        foreach (var unit in resent)
        {
            second.Tell(new Stage1UnitDone("aistpp", "j1", outcomes[unit], Stored: true));
        }

        AcknowledgeReport(coordinator, "j1");
        AwaitPhase(second, "aistpp", "reported");
        Assert.Equal(new SequenceCounts(4, 3, 3, 0, 0, 1), Status(second, "aistpp").Sequences);

        // And again after the job: the complete ingestion is recovered (from the snapshot taken when it ended).
        Watch(second);
        second.Tell(PoisonPill.Instance);
        ExpectTerminated(second);
        var third = Dataset("aistpp", units, sequences, coordinator);
        third.Tell(new GetDatasetInputs("aistpp"));
        Assert.Equal(3, ExpectMsg<DatasetInputs>().Accepted.Count);
    }

    [Fact]
    public void A_job_whose_folder_holds_no_dataset_of_its_kind_fails_with_the_reason_and_the_next_job_runs()
    {
        var units = CreateTestProbe();
        var coordinator = CreateTestProbe();
        var dataset = Dataset("mads", units, CreateTestProbe(), coordinator);
        dataset.Tell(Add("mads", "wrong", folderOf: "h36m"));
        dataset.Tell(Add("mads", "right"));
        ExpectMsg<DatasetAdded>();
        Assert.Equal(1, ExpectMsg<DatasetAdded>().Ahead);

        // The second job's units are handed out once the first has failed.
        Assert.Equal("right", units.ExpectMsg<RunStage1Unit>(TimeSpan.FromSeconds(30)).Job);
        dataset.Tell(new GetDatasetJob("mads", "wrong"));
        var failed = ExpectMsg<DatasetJobStatus>();
        Assert.Equal("failed", failed.Phase);
        Assert.Contains("not a mads dataset (expected multi_view_data/*/*_GT.mat)", failed.Error, StringComparison.Ordinal);
        Assert.Contains(PipelineFixture.DatasetPath("h36m"), failed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Re_adding_an_unchanged_dataset_reads_no_raw_file_and_computes_nothing()
    {
        var coordinator = CreateTestProbe();
        var dataset = Dataset("h36m", RealUnits(), RealSequences(), coordinator);
        dataset.Tell(Add("h36m", "first"));
        ExpectMsg<DatasetAdded>();
        var first = AcknowledgeReport(coordinator, "first");
        AwaitPhase(dataset, "h36m", "reported");
        Assert.Equal(new SequenceCounts(8, 8, 8, 0, 0, 0), Status(dataset, "h36m").Sequences);
        var reads = _pipeline.Reader.FullReads;
        Assert.True(reads > 0);

        dataset.Tell(Add("h36m", "again"));
        ExpectMsg<DatasetAdded>();
        var again = AcknowledgeReport(coordinator, "again");
        AwaitPhase(dataset, "h36m", "reported");
        Assert.Equal(new SequenceCounts(8, 8, 0, 8, 0, 0), Status(dataset, "h36m").Sequences);
        Assert.Equal(first.ContentHash, again.ContentHash);
        Assert.Equal(reads, _pipeline.Reader.FullReads);
    }
}
