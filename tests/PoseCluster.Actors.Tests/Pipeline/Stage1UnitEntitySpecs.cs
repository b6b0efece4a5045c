using Akka.Actor;
using PoseCluster.Actors.Ingestion;
using PoseCluster.Actors.Tests.Support;
using PoseCluster.Datasets.Ingestion;
using PoseCluster.Datasets.Sources;
using PoseCluster.Storage.Pipeline;
using Xunit.Abstractions;

namespace PoseCluster.Actors.Tests.Pipeline;

/// <summary>The stage-1 unit worker: one read of a unit's files, answers repeated, the cache found without reading.</summary>
public sealed class Stage1UnitEntitySpecs(ITestOutputHelper output) : ActorSpec(output), IAsyncLifetime
{
    private PipelineFixture _pipeline = null!;

    public async Task InitializeAsync() => _pipeline = await PipelineFixture.CreateAsync(retry: TimeSpan.FromHours(1));

    public async Task DisposeAsync() => await _pipeline.DisposeAsync();

    private static (DatasetScan Scan, SourceUnit Unit) FirstUnit(string kind)
    {
        var source = new DatasetSource(kind, PipelineFixture.Kind(kind), PipelineFixture.DatasetPath(kind));
        var scan = DatasetScanner.Scan(source, DatasetLoaders.Create(source.Kind), null, DiskRawFileReader.Instance, CancellationToken.None);
        return (scan, scan.Layout.Units.First(u => u.SkipReason is null));
    }

    private static RunStage1Unit Run(string kind, SourceUnit unit, string job, string? knownHash = null, string? directory = null) =>
        new(Stage1UnitEntity.IdOf(kind, unit.Id), kind, job, PipelineFixture.Kind(kind), directory ?? PipelineFixture.DatasetPath(kind), unit, knownHash);

    [Fact]
    public void A_unit_asked_twice_is_read_once_and_both_askers_get_the_same_answer()
    {
        var (_, unit) = FirstUnit("3dhp");
        var worker = Sys.ActorOf(Stage1UnitEntity.PropsFor(_pipeline.Environment));
        var other = CreateTestProbe();
        worker.Tell(Run("3dhp", unit, "j1"));
        worker.Tell(Run("3dhp", unit, "j1"), other.Ref);
        // Each asker hears twice: the records once computed, then that the frames are stored.
        Assert.False(ExpectMsg<Stage1UnitDone>().Stored);
        var first = ExpectMsg<Stage1UnitDone>();
        Assert.False(other.ExpectMsg<Stage1UnitDone>().Stored);
        var second = other.ExpectMsg<Stage1UnitDone>();
        Assert.True(first.Stored && second.Stored);
        Assert.Equal(first.Outcome.Sequences.Count, second.Outcome.Sequences.Count);
        Assert.Equal((Stage1UnitStatus.Computed, 14), (first.Outcome.Status, first.Outcome.SequencesComputed));
        Assert.Equal(first.Outcome.Location, second.Outcome.Location);
        Assert.Equal(unit.Files.Count, _pipeline.Reader.FullReads);

        // Asked again after answering: the same answer, nothing read.
        worker.Tell(Run("3dhp", unit, "j1"));
        Assert.Equal((first.Outcome.Location, true), (ExpectMsg<Stage1UnitDone>().Outcome.Location, first.Stored));
        Assert.Equal(unit.Files.Count, _pipeline.Reader.FullReads);
    }

    [Fact]
    public void A_unit_whose_content_hash_is_known_is_found_in_the_cache_without_reading_a_byte()
    {
        var (scan, unit) = FirstUnit("mads");
        Sys.ActorOf(Stage1UnitEntity.PropsFor(_pipeline.Environment)).Tell(Run("mads", unit, "j1"));
        ExpectMsg<Stage1UnitDone>(d => !d.Stored);
        var computed = ExpectMsg<Stage1UnitDone>(d => d.Stored).Outcome;
        var reads = _pipeline.Reader.FullReads;

        // Another worker (the unit's entity moved to another node) with the unit's content hash known from an unchanged scan.
        var known = scan.Complete(computed.Files).Files;
        var rescan = DatasetScanner.Scan(scan.Source, DatasetLoaders.Create(scan.Source.Kind), known, DiskRawFileReader.Instance, CancellationToken.None);
        Sys.ActorOf(Stage1UnitEntity.PropsFor(_pipeline.Environment)).Tell(Run("mads", unit, "j2", rescan.KnownContentHash(unit)));
        var cachedAnswer = ExpectMsg<Stage1UnitDone>();
        Assert.True(cachedAnswer.Stored);
        var cached = cachedAnswer.Outcome;
        Assert.Equal((Stage1UnitStatus.Cached, 0, computed.Location), (cached.Status, cached.SequencesComputed, cached.Location));
        Assert.Equal(reads, _pipeline.Reader.FullReads);
    }

    [Fact]
    public void A_unit_that_cannot_be_read_is_answered_with_its_reason_naming_the_file()
    {
        var (_, unit) = FirstUnit("mads");
        var empty = Directory.CreateDirectory(Path.Combine(_pipeline.Folder, "empty")).FullName;
        Sys.ActorOf(Stage1UnitEntity.PropsFor(_pipeline.Environment)).Tell(Run("mads", unit, "j1", directory: empty));
        var answer = ExpectMsg<Stage1UnitDone>();
        var outcome = answer.Outcome;
        Assert.Equal((Stage1UnitStatus.Unreadable, true), (outcome.Status, answer.Stored));
        Assert.Contains(unit.Id, Assert.Single(outcome.Sequences).RejectReason, StringComparison.Ordinal);
    }
}
