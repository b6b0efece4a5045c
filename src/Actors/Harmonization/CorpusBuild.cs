using PoseCluster.Actors.Ingestion;
using PoseCluster.Datasets.Pipeline;
using PoseCluster.Storage.Pipeline;

namespace PoseCluster.Actors.Harmonization;

/// <summary>
/// One attempt at building a corpus version, in the coordinator's memory (everything in it can be asked for
/// again after a restart): the datasets' inputs, the plan, every sequence's stage-2 result, the layout, and
/// what the version reports per job. The computations are those of the one-process build
/// (<see cref="CorpusHarmonizer"/>), so a version built here is byte for byte the one <c>harmonize</c> builds.
/// </summary>
internal sealed class CorpusBuild(int attempt, IReadOnlyList<CorpusJobQueued> jobs, IEnumerable<string> datasets)
{
    private readonly Dictionary<string, DatasetInputs?> _inputs = datasets.ToDictionary(d => d, _ => (DatasetInputs?)null, StringComparer.Ordinal);
    private readonly HashSet<string> _notReady = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SequenceProjected> _projections = new(StringComparer.Ordinal);

    /// <summary>Which attempt (async results of older attempts are dropped).</summary>
    public int Attempt { get; } = attempt;

    /// <summary>The jobs this version completes.</summary>
    public IReadOnlyList<CorpusJobQueued> Jobs { get; } = jobs;

    /// <summary>Where the build is.</summary>
    public CorpusBuildPhase Phase { get; set; } = CorpusBuildPhase.Gathering;

    /// <summary>Datasets whose inputs have not arrived.</summary>
    public IEnumerable<string> MissingInputs => _inputs.Where(i => i.Value is null && !_notReady.Contains(i.Key)).Select(i => i.Key);

    /// <summary>The inputs that arrived, by dataset name.</summary>
    public IReadOnlyList<DatasetInputs> Inputs => [.. _inputs.Values.Where(i => i is not null).Select(i => i!).OrderBy(i => i.Dataset, StringComparer.Ordinal)];

    /// <summary>The plan, once made.</summary>
    public CorpusVersionPlan? Plan { get; private set; }

    /// <summary>The parent's document, or null.</summary>
    public CorpusVersionDocument? Parent { get; private set; }

    /// <summary>The version's document when it is complete already (or is the parent), else null.</summary>
    public CorpusVersionDocument? Existing { get; private set; }

    /// <summary>The version prepared for writing: sequences with their outcomes, layout, counts.</summary>
    public PreparedCorpus? Prepared { get; private set; }

    /// <summary>Accepted sequences still to project, by entity id.</summary>
    public Dictionary<string, SequenceRef> PendingProjections { get; } = new(StringComparer.Ordinal);

    /// <summary>Projection requests sent and not answered.</summary>
    public HashSet<string> ProjectionsSent { get; } = new(StringComparer.Ordinal);

    /// <summary>True once the registry records the version (building) and its sequences; the manifest waits for it.</summary>
    public bool Recorded { get; set; }

    /// <summary>Shards still to write, by key.</summary>
    public Dictionary<string, ShardAssignment> PendingShards { get; } = new(StringComparer.Ordinal);

    /// <summary>Shard write requests sent and not answered.</summary>
    public HashSet<string> ShardsSent { get; } = new(StringComparer.Ordinal);

    /// <summary>Failed writes per shard key.</summary>
    public Dictionary<string, int> ShardFailures { get; } = new(StringComparer.Ordinal);

    /// <summary>Takes a dataset's inputs; true when every dataset has answered.</summary>
    public bool Take(DatasetInputs inputs)
    {
        if (_inputs.ContainsKey(inputs.Dataset))
        {
            _inputs[inputs.Dataset] = inputs;
        }

        return !MissingInputs.Any();
    }

    /// <summary>A dataset without a complete ingestion is left out; true when every dataset has answered.</summary>
    public bool LeaveOut(string dataset)
    {
        _notReady.Add(dataset);
        return !MissingInputs.Any();
    }

    /// <summary>Takes the plan and lists every accepted sequence to project.</summary>
    public void Planned(CorpusVersionPlan plan, CorpusVersionDocument? parent, CorpusVersionDocument? existing)
    {
        Plan = plan;
        Parent = parent;
        Existing = existing;
        foreach (var accepted in Inputs.SelectMany(i => i.Accepted))
        {
            PendingProjections[accepted.EntityId] = accepted;
        }
    }

    /// <summary>The request projecting one sequence for the planned version.</summary>
    public ProjectSequence Request(SequenceRef sequence, string configHash) =>
        new(sequence.EntityId, Plan!.Version, configHash, sequence.Location, sequence.Index, Plan.Ms, Plan.Msp);

    /// <summary>Takes a projection; true when every sequence is projected.</summary>
    public bool Take(SequenceProjected projected)
    {
        if (PendingProjections.Remove(projected.EntityId))
        {
            ProjectionsSent.Remove(projected.EntityId);
            _projections[projected.EntityId] = projected;
        }

        return PendingProjections.Count == 0;
    }

    /// <summary>
    /// Every sequence's outcome (accepted ones with their projection, rejected ones with their reason), the
    /// layout of the shards to write (none when the version exists) and the stage-1 counts — as the
    /// one-process build prepares them.
    /// </summary>
    public PreparedCorpus Prepare(Stage2Options options)
    {
        var plan = Plan!;
        var inputs = Inputs;
        var status = inputs.SelectMany(i => i.Accepted).ToDictionary(a => a.EntityId, a => a.Status, StringComparer.Ordinal);
        var outcomes = new List<SequenceOutcome>();
        var projected = new List<(CorpusSequence, SequenceProjection)>();
        foreach (var (id, p) in _projections)
        {
            outcomes.Add(new SequenceOutcome(p.Sequence, p.Projection, status[id], p.Projection.RejectReason));
            if (p.Projection.RejectReason is null)
            {
                projected.Add((p.Sequence, p.Projection));
            }
        }

        outcomes.AddRange(inputs.SelectMany(i => i.Rejected).Select(r => new SequenceOutcome(r.Sequence, null, r.Status, r.Reason)));
        var layout = Existing is null ? ShardLayout.Plan(plan.Version, projected, options, plan.ReusedDatasets.ToHashSet(StringComparer.Ordinal)) : [];
        var counts = new Stage1Counts(
            inputs.Sum(i => i.Stage1.UnitsComputed),
            inputs.Sum(i => i.Stage1.UnitsCached),
            inputs.Sum(i => i.Stage1.SequencesComputed),
            inputs.Sum(i => i.Stage1.SequencesCached),
            outcomes.Count(o => o.RejectReason is not null));
        Prepared = new PreparedCorpus([], plan, Existing, Parent, [.. outcomes.OrderBy(o => o.Sequence.Key)], layout, counts);
        foreach (var shard in layout)
        {
            PendingShards[shard.Key] = shard;
        }

        return Prepared;
    }

    /// <summary>The version's document once its shards are written: the parent's kept shards and the new ones, by key.</summary>
    public CorpusVersionDocument Document(IEnumerable<VersionShard> written, DateTimeOffset now)
    {
        var plan = Plan!;
        var prepared = Prepared!;
        var own = written.ToList();
        var reused = (Parent?.Shards ?? []).Where(s => plan.ReusedDatasets.Contains(s.Dataset)).ToList();
        var shards = reused.Concat(own).OrderBy(s => s.Key, StringComparer.Ordinal).ToList();
        var reprojected = prepared.Sequences.Count(s => s.RejectReason is null && !plan.ReusedDatasets.Contains(s.Sequence.Dataset));
        return new CorpusVersionDocument(plan, shards, prepared.Counts, reprojected, reused.Sum(s => s.Clips), own.Sum(s => s.Clips), now);
    }

    /// <summary>What each job of the build reports: the version, its parent, and what this build did (nothing written when the version existed).</summary>
    public IReadOnlyList<CorpusJobResult> Results(CorpusVersionDocument document, bool written) =>
        Jobs.Select(job => written
            ? new CorpusJobResult(job.Job, job.Dataset, "complete", document.Plan.Version, document.Plan.Parent, document.Reprojected, document.ReusedClips, document.NewClips, null)
            : new CorpusJobResult(job.Job, job.Dataset, "complete", document.Plan.Version, document.Plan.Parent, 0, document.Shards.Sum(s => s.Clips), 0, null)).ToArray();
}
