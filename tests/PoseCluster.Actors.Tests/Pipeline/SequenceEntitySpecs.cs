using Akka.Actor;
using PoseCluster.Actors.Harmonization;
using PoseCluster.Actors.Tests.Support;
using PoseCluster.Datasets.AugMotion;
using PoseCluster.Datasets.Pipeline;
using Xunit.Abstractions;

namespace PoseCluster.Actors.Tests.Pipeline;

/// <summary>The Sequence entity: its stage-1 record (persisted before acknowledged), its stage 2 per version, recovery.</summary>
public sealed class SequenceEntitySpecs(ITestOutputHelper output) : ActorSpec(output), IAsyncLifetime
{
    private PipelineFixture _pipeline = null!;
    private IReadOnlyList<CorpusSequence> _h36m = [];

    public async Task InitializeAsync()
    {
        _pipeline = await PipelineFixture.CreateAsync(retry: TimeSpan.FromHours(1));
        _h36m = await _pipeline.SequencesAsync("h36m");
    }

    public async Task DisposeAsync() => await _pipeline.DisposeAsync();

    private IActorRef Sequence(string id) => Sys.ActorOf(SequenceEntity.PropsFor(id, _pipeline.Environment));

    private ProjectSequence Project(string id, CorpusSequence sequence, CanonicalTriangle triangle, string? configHash = null) =>
        new(id, "v-test", configHash ?? _pipeline.Environment.Config.Hash, sequence.Location, sequence.Stage1.Index, triangle.ShoulderWidthMm, triangle.ShoulderToPelvisMm);

    [Fact]
    public void A_record_is_acknowledged_once_persisted_and_the_same_record_sent_again_is_acknowledged_again()
    {
        var sequence = _h36m[0];
        var id = SequenceEntity.IdOf(sequence.Key);
        var entity = Sequence(id);
        entity.Tell(new RecordStage1(id, "j1", sequence));
        Assert.Equal(new Stage1Recorded(id, "j1"), ExpectMsg<Stage1Recorded>());
        entity.Tell(new RecordStage1(id, "j1", sequence));
        Assert.Equal(new Stage1Recorded(id, "j1"), ExpectMsg<Stage1Recorded>());
        // A later job with the same stage-1 result (the dataset re-added unchanged) is acknowledged too.
        entity.Tell(new RecordStage1(id, "j2", sequence));
        Assert.Equal(new Stage1Recorded(id, "j2"), ExpectMsg<Stage1Recorded>());
    }

    [Fact]
    public void A_sequence_projects_its_record_onto_the_requested_triangle_as_stage_2_does()
    {
        var sequence = _h36m[3];
        var id = SequenceEntity.IdOf(sequence.Key);
        var entity = Sequence(id);
        entity.Tell(new RecordStage1(id, "j1", sequence));
        ExpectMsg<Stage1Recorded>();
        var triangle = new CanonicalTriangle(350.25, 455.5);
        entity.Tell(Project(id, sequence, triangle));
        var projected = ExpectMsg<SequenceProjected>();
        var expected = Stage2.Project(sequence, triangle, _pipeline.Environment.Settings.Stage2);
        Assert.Equal(("v-test", id), (projected.Version, projected.EntityId));
        Assert.Equal(expected.Rotation, projected.Projection.Rotation);
        Assert.Equal(expected.Translation, projected.Projection.Translation);
        Assert.Equal((expected.Split, expected.Windows, expected.RmsdMm), (projected.Projection.Split, projected.Projection.Windows, projected.Projection.RmsdMm));
        Assert.Equal(sequence.Location, projected.Sequence.Location);
    }

    [Fact]
    public void A_sequence_refuses_to_project_a_record_it_does_not_hold_or_under_another_corpus_config_and_says_why()
    {
        var sequence = _h36m[0];
        var id = SequenceEntity.IdOf(sequence.Key);
        var entity = Sequence(id);
        entity.Tell(Project(id, sequence, new CanonicalTriangle(350, 450)));
        Assert.Contains($"no stage-1 record of unit {sequence.Location.Unit}", ExpectMsg<SequenceNotProjected>().Reason, StringComparison.Ordinal);

        entity.Tell(new RecordStage1(id, "j1", sequence));
        ExpectMsg<Stage1Recorded>();
        entity.Tell(Project(id, sequence, new CanonicalTriangle(350, 450), configHash: new string('0', 64)));
        Assert.Contains("every node must have the same settings", ExpectMsg<SequenceNotProjected>().Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_restarted_sequence_recovers_its_records_from_the_journal_and_keeps_the_newest_four()
    {
        var sequence = _h36m[1];
        var id = SequenceEntity.IdOf(sequence.Key);
        var first = Sequence(id);
        // Six records of the same sequence from six contents of its unit (a dataset re-ingested with other bytes).
        var records = Enumerable.Range(1, 6).Select(i => sequence with { Location = sequence.Location with { ContentHash = $"content-{i}" } }).ToList();
        foreach (var record in records)
        {
            first.Tell(new RecordStage1(id, "j", record));
            ExpectMsg<Stage1Recorded>();
        }

        Watch(first);
        first.Tell(PoisonPill.Instance);
        ExpectTerminated(first);

        var second = Sequence(id);
        var triangle = new CanonicalTriangle(350, 450);
        foreach (var record in records.Skip(6 - SequenceEntity.KeptRecords))
        {
            second.Tell(Project(id, record, triangle));
            Assert.Equal(record.Location, ExpectMsg<SequenceProjected>().Sequence.Location);
        }

        second.Tell(Project(id, records[0], triangle));
        ExpectMsg<SequenceNotProjected>();
    }
}
