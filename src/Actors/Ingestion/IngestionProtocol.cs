using PoseCluster.Actors.Serialization;
using PoseCluster.Actors.Sharding;
using PoseCluster.Datasets;
using PoseCluster.Datasets.Ingestion;
using PoseCluster.Datasets.Pipeline;
using PoseCluster.Datasets.Sources;
using PoseCluster.Storage.Pipeline;

namespace PoseCluster.Actors.Ingestion;

// Ingestion (docs/AUGMOTION.md, "The cluster"): the Dataset entity's commands, queries, answers and events,
// and the stage-1 unit work it hands out. Sealed records serialized by ClusterMessageSerializer; bulk data
// (frames) never travels: units, locations and small per-sequence records only.

/// <summary>
/// Ingests (or re-ingests) dataset <paramref name="EntityId"/> from <paramref name="Directory"/> as job
/// <paramref name="Job"/>; answered by <see cref="DatasetAdded"/> once the job is persisted. A job id sent
/// again is acknowledged again and run once.
/// </summary>
/// <param name="EntityId">The dataset name.</param>
/// <param name="Job">Unique job id (the submitter's).</param>
/// <param name="Kind">Which loader reads it.</param>
/// <param name="Directory">Absolute path of the dataset folder.</param>
public sealed record AddDataset(string EntityId, string Job, DatasetKind Kind, string Directory) : IEntityMessage, IClusterMessage;

/// <summary>The job is persisted; <paramref name="Ahead"/> jobs of the same dataset run before it.</summary>
/// <param name="Dataset">The dataset name.</param>
/// <param name="Job">The job id.</param>
/// <param name="Ahead">Unfinished jobs of this dataset accepted before it.</param>
public sealed record DatasetAdded(string Dataset, string Job, int Ahead) : IClusterMessage;

/// <summary>Asks a dataset for its ingestion status; answered by <see cref="DatasetStatus"/>.</summary>
/// <param name="EntityId">The dataset name.</param>
public sealed record GetDatasetStatus(string EntityId) : IEntityMessage, IClusterMessage;

/// <summary>Asks a dataset for one job's progress; answered by <see cref="DatasetJobStatus"/>.</summary>
/// <param name="EntityId">The dataset name.</param>
/// <param name="Job">The job id.</param>
public sealed record GetDatasetJob(string EntityId, string Job) : IEntityMessage, IClusterMessage;

/// <summary>
/// Asks a dataset for what a corpus version needs of it (its last complete ingestion); answered by
/// <see cref="DatasetInputs"/>, or <see cref="DatasetNotReady"/> before its first ingestion completed.
/// </summary>
/// <param name="EntityId">The dataset name.</param>
public sealed record GetDatasetInputs(string EntityId) : IEntityMessage, IClusterMessage;

/// <summary>Sequence counts of an ingestion (docs/API.md): done = computed + cached; failed = unreadable; rejected = read but unusable.</summary>
/// <param name="Total">Sequences known (a unit not yet read counts as one).</param>
/// <param name="Done">Stage 1 finished and accepted.</param>
/// <param name="Computed">Accepted, computed by this ingestion.</param>
/// <param name="Cached">Accepted, found in the stage-1 cache.</param>
/// <param name="Failed">Could not be read.</param>
/// <param name="Rejected">Read but unusable (or a duplicate, or skipped by the loader).</param>
public sealed record SequenceCounts(int Total, int Done, int Computed, int Cached, int Failed, int Rejected) : IClusterMessage
{
    /// <summary>No sequences.</summary>
    public static SequenceCounts None { get; } = new(0, 0, 0, 0, 0, 0);
}

/// <summary>A failed or rejected sequence and why.</summary>
/// <param name="Sequence">subject/action/camera (the unit's names when it could not be read).</param>
/// <param name="Reason">Why (one line, naming the file).</param>
public sealed record SequenceError(string Sequence, string Reason) : IClusterMessage;

/// <summary>A dataset's ingestion status (GET /api/datasets).</summary>
/// <param name="Dataset">Name.</param>
/// <param name="Known">False when the dataset was never added (every other field is empty).</param>
/// <param name="Kind">Kind name of the job shown.</param>
/// <param name="Directory">Folder of the job shown.</param>
/// <param name="ContentHash">Content hash of the last complete ingestion, or null.</param>
/// <param name="Status">ingesting, ready or failed.</param>
/// <param name="Node">Akka address of the node hosting the entity.</param>
/// <param name="Job">The job shown: the running one, else the last one.</param>
/// <param name="Phase">That job's phase (<see cref="DatasetJobPhase"/>, lower case).</param>
/// <param name="Sequences">That job's sequence counts.</param>
/// <param name="UnitsTotal">That job's units (0 before its scan).</param>
/// <param name="UnitsDone">Units through stage 1.</param>
/// <param name="Errors">Failed and rejected sequences (at most <see cref="DatasetState.MaxErrors"/>).</param>
/// <param name="Error">Why the job failed, or null.</param>
public sealed record DatasetStatus(
    string Dataset, bool Known, string Kind, string Directory, string? ContentHash, string Status, string Node, string? Job, string Phase,
    SequenceCounts Sequences, int UnitsTotal, int UnitsDone, IReadOnlyList<SequenceError> Errors, string? Error) : IClusterMessage;

/// <summary>One job's progress on the dataset's side (its corpus version is the coordinator's).</summary>
/// <param name="Dataset">Name.</param>
/// <param name="Job">Job id.</param>
/// <param name="Phase">queued, scanning, stage1, recording, reporting, reported, failed (or unknown).</param>
/// <param name="ContentHash">The dataset's content hash once stage 1 is complete, else null.</param>
/// <param name="Sequences">Sequence counts.</param>
/// <param name="UnitsTotal">Units (0 before the scan).</param>
/// <param name="UnitsDone">Units through stage 1.</param>
/// <param name="Error">Why the job failed, or null.</param>
public sealed record DatasetJobStatus(string Dataset, string Job, string Phase, string? ContentHash, SequenceCounts Sequences, int UnitsTotal, int UnitsDone, string? Error) : IClusterMessage;

/// <summary>An accepted sequence of a dataset: its Sequence entity and where its stage-1 result is.</summary>
/// <param name="EntityId">The Sequence entity (dataset/subject/action/camera).</param>
/// <param name="Location">Its unit's stage-1 cache entry.</param>
/// <param name="Index">Its index in the unit.</param>
/// <param name="Status">How its unit got through stage 1.</param>
public sealed record SequenceRef(string EntityId, Stage1Location Location, int Index, Stage1UnitStatus Status) : IClusterMessage;

/// <summary>A rejected sequence (stage 1, a duplicate, a loader skip, an unreadable unit) with its stage-1 record.</summary>
/// <param name="Sequence">The sequence and its stage-1 record.</param>
/// <param name="Status">How its unit got through stage 1.</param>
/// <param name="Reason">Why.</param>
public sealed record RejectedSequence(CorpusSequence Sequence, Stage1UnitStatus Status, string Reason) : IClusterMessage;

/// <summary>What a corpus version needs of a dataset: its content hash, Eq. 1 sums, accepted sequences (by entity) and rejections.</summary>
/// <param name="Dataset">Name.</param>
/// <param name="Job">The job of the ingestion.</param>
/// <param name="Kind">Kind.</param>
/// <param name="Version">Name, kind, content hash and sums, as a corpus version lists it.</param>
/// <param name="Accepted">Accepted sequences in key order.</param>
/// <param name="Rejected">Rejected sequences in key order.</param>
/// <param name="Stage1">What stage 1 did in that ingestion (units and sequences computed or cached; harmonize's counts).</param>
public sealed record DatasetInputs(
    string Dataset, string Job, DatasetKind Kind, VersionDataset Version, IReadOnlyList<SequenceRef> Accepted, IReadOnlyList<RejectedSequence> Rejected, Stage1Counts Stage1) : IClusterMessage;

/// <summary>The dataset has no complete ingestion yet.</summary>
/// <param name="Dataset">Name.</param>
public sealed record DatasetNotReady(string Dataset) : IClusterMessage;

/// <summary>
/// Stage 1 of one unit of a dataset, for job <paramref name="Job"/>; answered by <see cref="Stage1UnitDone"/>
/// (or <see cref="Stage1UnitFailed"/>). Sent again until answered: a unit already running is not started twice,
/// and running it again computes nothing (its result is in the cache under its content hash).
/// </summary>
/// <param name="EntityId">dataset/unit id.</param>
/// <param name="Dataset">Dataset name.</param>
/// <param name="Job">Job id.</param>
/// <param name="Kind">Dataset kind.</param>
/// <param name="Directory">Dataset folder (the same path on every node).</param>
/// <param name="Unit">The unit.</param>
/// <param name="KnownContentHash">The unit's content hash when its files are unchanged since they were hashed, else null.</param>
public sealed record RunStage1Unit(string EntityId, string Dataset, string Job, DatasetKind Kind, string Directory, SourceUnit Unit, string? KnownContentHash)
    : IEntityMessage, IClusterMessage;

/// <summary>
/// Stage 1 of a unit is done: computed (<paramref name="Stored"/> false: its cache entry is still being written,
/// a second answer follows once it is) or stored (true). A unit found cached, skipped or unreadable is answered
/// once, stored.
/// </summary>
/// <param name="Dataset">Dataset name.</param>
/// <param name="Job">Job id.</param>
/// <param name="Outcome">What was done: status, cache location, file hashes, every sequence's small record.</param>
/// <param name="Stored">True once the unit's stage-1 result is in the cache (shard writers anywhere can read it).</param>
public sealed record Stage1UnitDone(string Dataset, string Job, Stage1UnitOutcome Outcome, bool Stored) : IClusterMessage;

/// <summary>Stage 1 of a unit failed for a reason that may pass (the store, a bug); the Dataset entity tries again.</summary>
/// <param name="Dataset">Dataset name.</param>
/// <param name="Job">Job id.</param>
/// <param name="Unit">Unit id.</param>
/// <param name="Reason">The error.</param>
public sealed record Stage1UnitFailed(string Dataset, string Job, string Unit, string Reason) : IClusterMessage;

// ---- events of the Dataset entity -------------------------------------------------------------------

/// <summary>Event: job accepted (queued behind unfinished jobs).</summary>
/// <param name="Job">Job id.</param>
/// <param name="Kind">Kind.</param>
/// <param name="Directory">Folder.</param>
/// <param name="At">When.</param>
public sealed record DatasetJobAccepted(string Job, DatasetKind Kind, string Directory, DateTimeOffset At) : IClusterMessage;

/// <summary>Event: the coordinator lists the dataset.</summary>
public sealed record DatasetTrackingConfirmed : IClusterMessage
{
    /// <summary>The one instance.</summary>
    public static DatasetTrackingConfirmed Instance { get; } = new();
}

/// <summary>Event: the running job's cheap scan (its files' fingerprints and its units).</summary>
/// <param name="Job">Job id.</param>
/// <param name="Files">Every file the loader reads, with the SHA-256 carried over where unchanged.</param>
/// <param name="CheapFingerprint">The folder's cheap fingerprint.</param>
/// <param name="ListFiles">List files read whole by the layout, with their SHA-256.</param>
/// <param name="Units">Units in load order.</param>
public sealed record DatasetJobScanned(
    string Job, IReadOnlyList<FileFingerprint> Files, string CheapFingerprint, IReadOnlyDictionary<string, string> ListFiles, IReadOnlyList<SourceUnit> Units) : IClusterMessage;

/// <summary>Event: one unit of the running job is through stage 1.</summary>
/// <param name="Job">Job id.</param>
/// <param name="Outcome">Its outcome.</param>
public sealed record DatasetUnitRecorded(string Job, Stage1UnitOutcome Outcome) : IClusterMessage;

/// <summary>Event: every unit of the running job is through stage 1; its content hash and file SHA-256s are known.</summary>
/// <param name="Job">Job id.</param>
/// <param name="ContentHash">The dataset's content hash.</param>
/// <param name="Files">Every file with its SHA-256 (the previous fingerprints of the next scan).</param>
public sealed record DatasetStage1Completed(string Job, string ContentHash, IReadOnlyList<FileFingerprint> Files) : IClusterMessage;

/// <summary>Event: every accepted sequence of the job is held by its Sequence entity and the registry lists the dataset: the ingestion is the dataset's current one.</summary>
/// <param name="Job">Job id.</param>
public sealed record DatasetSequencesRecorded(string Job) : IClusterMessage;

/// <summary>Event: the corpus coordinator acknowledged the job's ingestion.</summary>
/// <param name="Job">Job id.</param>
public sealed record DatasetJobReported(string Job) : IClusterMessage;

/// <summary>Event: the job failed (the folder cannot be scanned); the current ingestion stays.</summary>
/// <param name="Job">Job id.</param>
/// <param name="Reason">Why.</param>
public sealed record DatasetJobFailed(string Job, string Reason) : IClusterMessage;

/// <summary>Snapshot of a Dataset entity with no job running.</summary>
/// <param name="Tracked">The coordinator lists the dataset.</param>
/// <param name="Jobs">Every job (finished ones without their working data).</param>
/// <param name="Current">The last complete ingestion, or null.</param>
public sealed record DatasetSnapshot(bool Tracked, IReadOnlyList<DatasetJob> Jobs, DatasetIngestion? Current) : IClusterMessage;

/// <summary>A job as the Dataset entity keeps it.</summary>
/// <param name="Job">Job id.</param>
/// <param name="Kind">Kind.</param>
/// <param name="Directory">Folder.</param>
/// <param name="AcceptedAt">When it was accepted.</param>
/// <param name="Phase">Where it is.</param>
/// <param name="ContentHash">Content hash once stage 1 is complete.</param>
/// <param name="Sequences">Sequence counts.</param>
/// <param name="UnitsTotal">Units.</param>
/// <param name="UnitsDone">Units through stage 1.</param>
/// <param name="Errors">Failed and rejected sequences (capped).</param>
/// <param name="Error">Why it failed.</param>
public sealed record DatasetJob(
    string Job, DatasetKind Kind, string Directory, DateTimeOffset AcceptedAt, DatasetJobPhase Phase, string? ContentHash,
    SequenceCounts Sequences, int UnitsTotal, int UnitsDone, IReadOnlyList<SequenceError> Errors, string? Error) : IClusterMessage;

/// <summary>A complete ingestion: what the dataset serves to corpus versions until the next one completes.</summary>
/// <param name="Job">The job that made it.</param>
/// <param name="Kind">Kind.</param>
/// <param name="Directory">Folder.</param>
/// <param name="CheapFingerprint">The folder's cheap fingerprint.</param>
/// <param name="Files">Every file with its SHA-256 (the previous fingerprints of the next scan of the same folder).</param>
/// <param name="Inputs">What corpus versions need of it.</param>
public sealed record DatasetIngestion(string Job, DatasetKind Kind, string Directory, string CheapFingerprint, IReadOnlyList<FileFingerprint> Files, DatasetInputs Inputs)
    : IClusterMessage;
