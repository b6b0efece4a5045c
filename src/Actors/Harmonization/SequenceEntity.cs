using Akka.Actor;
using Akka.Persistence;
using PoseCluster.Actors.Pipeline;
using PoseCluster.Datasets.AugMotion;
using PoseCluster.Datasets.Pipeline;

namespace PoseCluster.Actors.Harmonization;

/// <summary>
/// One sequence of a dataset (sharded, persistent; id = dataset/subject/action/camera). It owns its stage-1
/// record — identity, frame rate, valid runs, key frame and its reference points, Eq. 1 partial sums, where
/// its frames are cached — handed to it by its Dataset entity once stage 1 of its unit is done (the stage-1
/// computation itself runs per unit in <c>Stage1UnitEntity</c>, so that no raw file is read twice), and it
/// computes its stage 2 for a corpus version on request: Kabsch from the stored reference points onto the
/// version's triangle, windows and split (<see cref="Stage2.Project"/>; no frame is touched). It keeps the
/// last few records (a dataset re-ingested with other bytes gives a new one; a version being built from the
/// previous one still finds it).
/// </summary>
public sealed class SequenceEntity : ReceivePersistentActor
{
    /// <summary>Entity type name of the sequences' shard region.</summary>
    public const string TypeName = "sequence";

    /// <summary>Stage-1 records kept (oldest dropped first).</summary>
    public const int KeptRecords = 4;

    private readonly PipelineEnvironment _environment;
    private readonly List<SequenceStage1Stored> _records = [];

    /// <summary>Creates sequence <paramref name="entityId"/>.</summary>
    public SequenceEntity(string entityId, PipelineEnvironment environment)
    {
        _environment = environment ?? throw new ArgumentNullException(nameof(environment));
        EntityId = entityId;
        PersistenceId = $"{TypeName}:{entityId}";
        Recover<SequenceStage1Stored>(Apply);
        Command<RecordStage1>(HandleRecord);
        Command<ProjectSequence>(HandleProject);
    }

    /// <summary>
    /// Recovery from the journal alone. A sequence gets one event per new content of its unit (a handful over its
    /// life), so it takes no snapshots, and not looking for one spares each new Sequence entity — a dataset's
    /// hundreds start at once — a snapshot-store query.
    /// </summary>
    public override Recovery Recovery => new(SnapshotSelectionCriteria.None);

    /// <summary>The sequence's entity id.</summary>
    public string EntityId { get; }

    /// <inheritdoc />
    public override string PersistenceId { get; }

    /// <summary>Props of sequence <paramref name="entityId"/>.</summary>
    public static Props PropsFor(string entityId, PipelineEnvironment environment) => Props.Create(() => new SequenceEntity(entityId, environment));

    /// <summary>The entity id of a sequence: dataset/subject/action/camera.</summary>
    public static string IdOf(SequenceKey key) => $"{key.Dataset}/{key.Subject}/{key.Action}/{key.Camera}";

    private void HandleRecord(RecordStage1 record)
    {
        if (Find(record.Sequence.Location, record.Sequence.Stage1.Index) is not null)
        {
            Sender.Tell(new Stage1Recorded(EntityId, record.Job));
            return;
        }

        var sender = Sender;
        Persist(new SequenceStage1Stored(record.Job, record.Sequence), stored =>
        {
            Apply(stored);
            sender.Tell(new Stage1Recorded(EntityId, stored.Job));
        });
    }

    private void HandleProject(ProjectSequence project)
    {
        if (project.ConfigHash != _environment.Config.Hash)
        {
            Sender.Tell(new SequenceNotProjected(EntityId, project.Version,
                $"node {NodeAddress.Of(Context.System)} runs corpus config {_environment.Config.Hash[..12]}, the version needs {project.ConfigHash[..Math.Min(12, project.ConfigHash.Length)]} (every node must have the same settings)"));
            return;
        }

        if (Find(project.Location, project.Index) is not { } stored)
        {
            Sender.Tell(new SequenceNotProjected(EntityId, project.Version,
                $"no stage-1 record of unit {project.Location.Unit} (content {project.Location.ContentHash}) index {project.Index}"));
            return;
        }

        var projection = Stage2.Project(stored.Sequence, new CanonicalTriangle(project.Ms, project.Msp), _environment.Settings.Stage2);
        Sender.Tell(new SequenceProjected(EntityId, project.Version, stored.Sequence, projection));
    }

    private SequenceStage1Stored? Find(Stage1Location location, int index) =>
        _records.LastOrDefault(r => r.Sequence.Location == location && r.Sequence.Stage1.Index == index);

    private void Apply(SequenceStage1Stored stored)
    {
        _records.Add(stored);
        if (_records.Count > KeptRecords)
        {
            _records.RemoveAt(0);
        }
    }
}
