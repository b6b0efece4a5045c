using Akka.Actor;
using Akka.TestKit;
using PoseCluster.Actors.Harmonization;
using PoseCluster.Actors.Ingestion;
using PoseCluster.Actors.Shards;
using PoseCluster.Actors.Tests.Support;
using PoseCluster.Datasets.Ingestion;
using PoseCluster.Storage.Objects;
using PoseCluster.Storage.Pipeline;
using Xunit.Abstractions;

namespace PoseCluster.Actors.Tests.Pipeline;

/// <summary>
/// The corpus coordinator with the whole pipeline in one process (local regions of real Dataset, unit, Sequence
/// and ShardWriter entities, one journal): versions as the one-process build makes them, the reuse rule, one
/// version at a time, and a coordinator restarted in the middle of writing a version.
/// </summary>
public sealed class CorpusCoordinatorSpecs(ITestOutputHelper output) : ActorSpec(output), IAsyncDisposable
{
    private static readonly string[] FourDatasets = ["h36m", "3dhp", "aistpp", "mads"];
    private readonly List<PipelineFixture> _fixtures = [];
    private int _coordinators;

    public async ValueTask DisposeAsync()
    {
        foreach (var fixture in _fixtures)
        {
            await fixture.DisposeAsync();
        }
    }

    private async Task<PipelineFixture> FixtureAsync(double toleranceMm)
    {
        var fixture = await PipelineFixture.CreateAsync(retry: TimeSpan.FromHours(1), toleranceMm);
        _fixtures.Add(fixture);
        return fixture;
    }

    /// <summary>The pipeline's regions and a coordinator; <paramref name="shardWriters"/> replaces the writers (a probe).</summary>
    private Pipeline Start(PipelineFixture fixture, IActorRef? shardWriters = null)
    {
        var environment = fixture.Environment;
        var pipeline = new Pipeline();
        var units = Sys.ActorOf(LocalRegion.PropsFor(_ => Stage1UnitEntity.PropsFor(environment)));
        pipeline.Sequences = Sys.ActorOf(LocalRegion.PropsFor(id => SequenceEntity.PropsFor(id, environment)));
        pipeline.ShardWriters = shardWriters ?? Sys.ActorOf(LocalRegion.PropsFor(_ => ShardWriterEntity.PropsFor(environment)));
        pipeline.Datasets = Sys.ActorOf(LocalRegion.PropsFor(id => DatasetEntity.PropsFor(id, environment, units, pipeline.Sequences, pipeline.Coordinator)));
        pipeline.Coordinator = StartCoordinator(fixture, pipeline);
        return pipeline;
    }

    private IActorRef StartCoordinator(PipelineFixture fixture, Pipeline pipeline) =>
        Sys.ActorOf(CorpusCoordinator.PropsFor(fixture.Environment, pipeline.Datasets, pipeline.Sequences, pipeline.ShardWriters), $"coordinator-{++_coordinators}");

    private string Add(Pipeline pipeline, string kind)
    {
        var job = $"{kind}-{Guid.NewGuid():N}"[..16];
        pipeline.Datasets.Tell(new AddDataset(kind, job, PipelineFixture.Kind(kind), PipelineFixture.DatasetPath(kind)));
        ExpectMsg<DatasetAdded>();
        return job;
    }

    private CorpusJobResult Job(IActorRef coordinator, string job)
    {
        coordinator.Tell(new GetCorpusJob(job));
        return ExpectMsg<CorpusJobResult>();
    }

    private CorpusJobResult AwaitJob(IActorRef coordinator, string job)
    {
        CorpusJobResult? result = null;
        AwaitCondition(() => (result = Job(coordinator, job)).Status is "complete" or "failed", TimeSpan.FromSeconds(90), TimeSpan.FromMilliseconds(100));
        Assert.True(result!.Status == "complete", $"job {job}: {result.Error}");
        return result;
    }

    private DatasetJobStatus DatasetJob(Pipeline pipeline, string dataset, string job)
    {
        pipeline.Datasets.Tell(new GetDatasetJob(dataset, job));
        return ExpectMsg<DatasetJobStatus>();
    }

    private static async Task<CorpusVersionDocument> OneShotAsync(PipelineFixture fixture, IEnumerable<string> datasets)
    {
        var store = ObjectStores.Folder(Path.Combine(fixture.Folder, "one-shot"));
        var harmonizer = new CorpusHarmonizer(store, fixture.Environment.Settings);
        var sources = datasets.Select(d => new DatasetSource(d, PipelineFixture.Kind(d), PipelineFixture.DatasetPath(d))).ToList();
        var prepared = await harmonizer.PrepareAsync(new HarmonizeRequest(sources, null, null, null), CancellationToken.None);
        return (await harmonizer.WriteShardsAsync(prepared, CancellationToken.None)).Document;
    }

    [Fact]
    public async Task Four_datasets_added_one_after_another_give_with_tolerance_0_the_bytes_harmonize_gives_of_all_four_at_once()
    {
        var fixture = await FixtureAsync(toleranceMm: 0);
        var pipeline = Start(fixture);
        var results = new List<CorpusJobResult>();
        var jobs = new List<string>();
        foreach (var dataset in FourDatasets)
        {
            jobs.Add(Add(pipeline, dataset));
            results.Add(AwaitJob(pipeline.Coordinator, jobs[^1]));
        }

        // Each version is the next one's parent; every sequence is projected afresh each time (tolerance 0).
        Assert.Null(results[0].Parent);
        for (var i = 1; i < results.Count; i++)
        {
            Assert.Equal(results[i - 1].Version, results[i].Parent);
            Assert.Equal(0, results[i].ReusedClips);
        }

        // The fourth add computed stage 1 for its own sequences only: mads' job computed 3, the others' were not run again.
        Assert.Equal(new SequenceCounts(4, 3, 3, 0, 0, 1), DatasetJob(pipeline, "mads", jobs[3]).Sequences);
        Assert.Equal(8, DatasetJob(pipeline, "h36m", jobs[0]).Sequences.Computed);

        var final = await CorpusVersionDocument.ReadCompleteAsync(fixture.Store, results[^1].Version!, CancellationToken.None);
        var oneShot = await OneShotAsync(fixture, FourDatasets);
        Assert.Equal(oneShot.Plan.Version, final!.Plan.Version);
        Assert.True(final.Shards.Count >= 5, $"{final.Shards.Count} shards");
        Assert.Equal(oneShot.Shards.Select(s => (s.Key, s.Sha256, s.Clips)), final.Shards.Select(s => (s.Key, s.Sha256, s.Clips)));
        Assert.Equal(oneShot.Reprojected, results[^1].Reprojected);
        Assert.Equal(final.Plan.Version, await fixture.Environment.Registry.LatestCompleteCorpusVersionAsync(CancellationToken.None));
        var status = Coordinator(pipeline);
        Assert.Equal((results[^1].Version, null as string, 0), (status.Latest, status.Building, status.QueuedJobs));
        Assert.Equal(results.Select(r => r.Version), status.Versions);
    }

    private CorpusCoordinatorStatus Coordinator(Pipeline pipeline)
    {
        pipeline.Coordinator.Tell(GetCorpusCoordinatorStatus.Instance);
        return ExpectMsg<CorpusCoordinatorStatus>();
    }

    [Fact]
    public async Task With_the_default_tolerance_a_new_dataset_keeps_the_parents_shards_and_an_unchanged_one_makes_no_version()
    {
        var fixture = await FixtureAsync(toleranceMm: 1.0);
        var pipeline = Start(fixture);
        foreach (var dataset in FourDatasets[..3])
        {
            AwaitJob(pipeline.Coordinator, Add(pipeline, dataset));
        }

        var three = Coordinator(pipeline).Latest!;
        var mads = AwaitJob(pipeline.Coordinator, Add(pipeline, "mads"));
        var document = (await CorpusVersionDocument.ReadCompleteAsync(fixture.Store, mads.Version!, CancellationToken.None))!;
        Assert.Equal((three, three), (mads.Parent, document.Plan.ReusedVersion));
        Assert.True(document.Plan.MovedMm is > 0 and < 1.0, $"moved {document.Plan.MovedMm} mm");
        Assert.Equal(["3dhp", "aistpp", "h36m"], document.Plan.ReusedDatasets);
        Assert.Equal((3, 3L), (mads.Reprojected, mads.NewClips));
        Assert.Equal(20, mads.ReusedClips);
        Assert.All(document.Shards.Where(s => s.Dataset != "mads"), s => Assert.Equal(three, s.Version));

        // mads again, unchanged: nothing computed, nothing written, the same version.
        var again = Add(pipeline, "mads");
        var unchanged = AwaitJob(pipeline.Coordinator, again);
        Assert.Equal((mads.Version, 0, 0L, 23L), (unchanged.Version, unchanged.Reprojected, unchanged.NewClips, unchanged.ReusedClips));
        Assert.Equal(new SequenceCounts(4, 3, 0, 3, 0, 1), DatasetJob(pipeline, "mads", again).Sequences);
        Assert.Equal(mads.Version, Coordinator(pipeline).Versions[^1]);
    }

    [Fact]
    public async Task A_job_reported_while_a_version_is_written_waits_for_the_next_version()
    {
        var fixture = await FixtureAsync(toleranceMm: 0);
        var writers = CreateTestProbe();
        var pipeline = Start(fixture, writers.Ref);
        var h36m = Add(pipeline, "h36m");
        var firstWrites = ReceiveWrites(writers);
        var mads = Add(pipeline, "mads");
        AwaitCondition(() => Job(pipeline.Coordinator, mads).Status == "queued", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(100));
        Assert.Equal("building", Job(pipeline.Coordinator, h36m).Status);

        await AnswerAsync(fixture, pipeline, firstWrites);
        var first = AwaitJob(pipeline.Coordinator, h36m);
        var secondWrites = ReceiveWrites(writers);
        Assert.All(secondWrites, w => Assert.NotEqual(first.Version, w.Assignment.Version));
        await AnswerAsync(fixture, pipeline, secondWrites);
        var second = AwaitJob(pipeline.Coordinator, mads);
        Assert.Equal(first.Version, second.Parent);
        var document = (await CorpusVersionDocument.ReadCompleteAsync(fixture.Store, second.Version!, CancellationToken.None))!;
        Assert.Equal(["h36m", "mads"], document.Plan.Datasets.Select(d => d.Name));
    }

    [Fact]
    public async Task A_coordinator_restarted_while_writing_a_version_writes_only_the_shards_not_yet_stored()
    {
        var fixture = await FixtureAsync(toleranceMm: 0);
        var writers = CreateTestProbe();
        var pipeline = Start(fixture, writers.Ref);
        var job = Add(pipeline, "h36m");
        var writes = ReceiveWrites(writers);
        Assert.True(writes.Count >= 3, $"{writes.Count} shards");
        await AnswerAsync(fixture, pipeline, writes.Take(1));
        AwaitCondition(() => Coordinator(pipeline).ShardsStored == 1, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100));

        Watch(pipeline.Coordinator);
        pipeline.Coordinator.Tell(PoisonPill.Instance);
        ExpectTerminated(pipeline.Coordinator);
        pipeline.Coordinator = StartCoordinator(fixture, pipeline);

        // From its journal: the job, the version being written and its one stored shard; the rest is asked for again.
        var remaining = ReceiveWrites(writers);
        Assert.Equal(writes.Skip(1).Select(w => w.Assignment.Key).Order(StringComparer.Ordinal), remaining.Select(w => w.Assignment.Key).Order(StringComparer.Ordinal));
        await AnswerAsync(fixture, pipeline, remaining);
        var result = AwaitJob(pipeline.Coordinator, job);
        var document = (await CorpusVersionDocument.ReadCompleteAsync(fixture.Store, result.Version!, CancellationToken.None))!;
        Assert.Equal(writes.Select(w => w.Assignment.Key).Order(StringComparer.Ordinal), document.Shards.Select(s => s.Key));
        var oneShot = await OneShotAsync(fixture, ["h36m"]);
        Assert.Equal(oneShot.Shards.Select(s => s.Sha256), document.Shards.Select(s => s.Sha256));
    }

    /// <summary>Every WriteShard the coordinator sends now (it sends all of a small version at once).</summary>
    private static List<WriteShard> ReceiveWrites(TestProbe writers)
    {
        var writes = new List<WriteShard> { writers.ExpectMsg<WriteShard>(TimeSpan.FromSeconds(90)) };
        while (writers.ReceiveOne(TimeSpan.FromMilliseconds(700)) is WriteShard next)
        {
            writes.Add(next);
        }

        return writes;
    }

    /// <summary>Writes the shards for real (as a ShardWriter entity would) and answers the coordinator.</summary>
    private static async Task AnswerAsync(PipelineFixture fixture, Pipeline pipeline, IEnumerable<WriteShard> writes)
    {
        var settings = fixture.Environment.Settings.Stage2;
        foreach (var write in writes)
        {
            var metadata = ShardWriting.Metadata(write.Assignment.Version, settings, write.Ms, write.Msp);
            var shard = await ShardWriting.WriteAsync(fixture.Store, write.Assignment, metadata, settings, fixture.Environment.Cache, CancellationToken.None);
            pipeline.Coordinator.Tell(new ShardWritten(write.EntityId, shard));
        }
    }

    /// <summary>The regions and the coordinator of one in-process pipeline.</summary>
    private sealed class Pipeline
    {
        public IActorRef Datasets { get; set; } = ActorRefs.Nobody;

        public IActorRef Sequences { get; set; } = ActorRefs.Nobody;

        public IActorRef ShardWriters { get; set; } = ActorRefs.Nobody;

        public IActorRef Coordinator { get; set; } = ActorRefs.Nobody;
    }
}
