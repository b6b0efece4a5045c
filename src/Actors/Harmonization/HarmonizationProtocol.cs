using PoseCluster.Actors.Serialization;
using PoseCluster.Actors.Sharding;
using PoseCluster.Datasets.Pipeline;
using PoseCluster.Storage.Pipeline;

namespace PoseCluster.Actors.Harmonization;

// Harmonization (docs/AUGMOTION.md, "The cluster"): the Sequence entity (a sequence's stage-1 record and its
// stage-2 result per corpus version) and the corpus coordinator singleton (versions, one at a time).

/// <summary>
/// Gives Sequence entity <paramref name="EntityId"/> its stage-1 record from dataset job <paramref name="Job"/>;
/// answered by <see cref="Stage1Recorded"/> once persisted. The same record sent again is acknowledged again.
/// </summary>
/// <param name="EntityId">dataset/subject/action/camera.</param>
/// <param name="Job">The dataset job that computed or found it.</param>
/// <param name="Sequence">The sequence, where its unit's stage-1 result is cached, and its small stage-1 record.</param>
public sealed record RecordStage1(string EntityId, string Job, CorpusSequence Sequence) : IEntityMessage, IClusterMessage;

/// <summary>The Sequence entity holds the record.</summary>
/// <param name="EntityId">The sequence.</param>
/// <param name="Job">The dataset job.</param>
public sealed record Stage1Recorded(string EntityId, string Job) : IClusterMessage;

/// <summary>
/// Stage 2 of a sequence for corpus version <paramref name="Version"/>: Kabsch from its stored reference
/// points onto the triangle (<paramref name="Ms"/>, <paramref name="Msp"/>), windows and split. Answered by
/// <see cref="SequenceProjected"/>, or <see cref="SequenceNotProjected"/> when the entity does not hold that
/// stage-1 record or runs with another corpus config. Pure: asking again gives the same answer.
/// </summary>
/// <param name="EntityId">The sequence.</param>
/// <param name="Version">Corpus version.</param>
/// <param name="ConfigHash">The corpus config hash the version is built under (the node's must be the same).</param>
/// <param name="Location">The stage-1 cache entry of the record to project.</param>
/// <param name="Index">Its index in the unit.</param>
/// <param name="Ms">Ms of the version's triangle, mm.</param>
/// <param name="Msp">Msp of the version's triangle, mm.</param>
public sealed record ProjectSequence(string EntityId, string Version, string ConfigHash, Stage1Location Location, int Index, double Ms, double Msp)
    : IEntityMessage, IClusterMessage;

/// <summary>A sequence's stage-2 result for a version.</summary>
/// <param name="EntityId">The sequence.</param>
/// <param name="Version">Corpus version.</param>
/// <param name="Sequence">Its stage-1 record.</param>
/// <param name="Projection">R, t, residual, split, windows (or the reason the fit is rejected).</param>
public sealed record SequenceProjected(string EntityId, string Version, CorpusSequence Sequence, SequenceProjection Projection) : IClusterMessage;

/// <summary>The sequence cannot be projected for the version.</summary>
/// <param name="EntityId">The sequence.</param>
/// <param name="Version">Corpus version.</param>
/// <param name="Reason">Why.</param>
public sealed record SequenceNotProjected(string EntityId, string Version, string Reason) : IClusterMessage;

/// <summary>Event of a Sequence entity: a stage-1 record it holds.</summary>
/// <param name="Job">The dataset job.</param>
/// <param name="Sequence">The record.</param>
public sealed record SequenceStage1Stored(string Job, CorpusSequence Sequence) : IClusterMessage;

// ---- the corpus coordinator ------------------------------------------------------------------------

/// <summary>Lists a dataset (answered by <see cref="DatasetTracked"/>); listing it again changes nothing.</summary>
/// <param name="Dataset">The dataset name.</param>
public sealed record TrackDataset(string Dataset) : IClusterMessage;

/// <summary>The coordinator lists the dataset.</summary>
/// <param name="Dataset">The dataset name.</param>
public sealed record DatasetTracked(string Dataset) : IClusterMessage;

/// <summary>
/// A dataset's ingestion <paramref name="Job"/> is complete with content <paramref name="ContentHash"/>: the
/// coordinator persists it (answered by <see cref="DatasetReadyAcknowledged"/>) and builds a corpus version
/// with it — now, or after the version it is building.
/// </summary>
/// <param name="Dataset">The dataset name.</param>
/// <param name="Job">The job.</param>
/// <param name="ContentHash">The ingested content.</param>
public sealed record DatasetReady(string Dataset, string Job, string ContentHash) : IClusterMessage;

/// <summary>The coordinator has the job.</summary>
/// <param name="Dataset">The dataset name.</param>
/// <param name="Job">The job.</param>
public sealed record DatasetReadyAcknowledged(string Dataset, string Job) : IClusterMessage;

/// <summary>Asks for the datasets the coordinator lists; answered by <see cref="TrackedDatasets"/>.</summary>
public sealed record ListTrackedDatasets : IClusterMessage
{
    /// <summary>The one instance.</summary>
    public static ListTrackedDatasets Instance { get; } = new();
}

/// <summary>The datasets ever added, by name.</summary>
/// <param name="Datasets">Names, ordinal order.</param>
public sealed record TrackedDatasets(IReadOnlyList<string> Datasets) : IClusterMessage;

/// <summary>Asks for a job's corpus version; answered by <see cref="CorpusJobResult"/>.</summary>
/// <param name="Job">The job.</param>
public sealed record GetCorpusJob(string Job) : IClusterMessage;

/// <summary>
/// A job as the coordinator sees it: unknown (not reported yet), queued, building (in the version being
/// built), complete (in <paramref name="Version"/>) or failed.
/// </summary>
/// <param name="Job">The job.</param>
/// <param name="Dataset">Its dataset ("" when unknown).</param>
/// <param name="Status">unknown, queued, building, complete, failed.</param>
/// <param name="Version">The corpus version that holds the job's content, once complete.</param>
/// <param name="Parent">That version's parent.</param>
/// <param name="Reprojected">Sequences that version's build projected and wrote (0 when nothing was written).</param>
/// <param name="ReusedClips">Clips of the version in shards it kept from its parent (all of them when nothing was written).</param>
/// <param name="NewClips">Clips written for it.</param>
/// <param name="Error">Why the build failed.</param>
public sealed record CorpusJobResult(string Job, string Dataset, string Status, string? Version, string? Parent, int Reprojected, long ReusedClips, long NewClips, string? Error)
    : IClusterMessage;

/// <summary>Asks for the coordinator's view: latest complete version, the one being built, queued jobs. Answered by <see cref="CorpusCoordinatorStatus"/>.</summary>
public sealed record GetCorpusCoordinatorStatus : IClusterMessage
{
    /// <summary>The one instance.</summary>
    public static GetCorpusCoordinatorStatus Instance { get; } = new();
}

/// <summary>The coordinator's view.</summary>
/// <param name="Latest">The newest version it completed (or found complete), or null.</param>
/// <param name="Building">The version being built, or null.</param>
/// <param name="QueuedJobs">Jobs waiting for a version.</param>
/// <param name="Versions">Versions it completed, oldest first.</param>
/// <param name="ShardsStored">Shards of the version being written that are stored (persisted: not written again after a restart).</param>
public sealed record CorpusCoordinatorStatus(string? Latest, string? Building, int QueuedJobs, IReadOnlyList<string> Versions, int ShardsStored) : IClusterMessage;

/// <summary>Event: the coordinator lists a dataset.</summary>
/// <param name="Dataset">The dataset.</param>
public sealed record CoordinatorDatasetTracked(string Dataset) : IClusterMessage;

/// <summary>Event: a job waits for a corpus version.</summary>
/// <param name="Job">The job.</param>
/// <param name="Dataset">Its dataset.</param>
/// <param name="ContentHash">Its content.</param>
public sealed record CorpusJobQueued(string Job, string Dataset, string ContentHash) : IClusterMessage;

/// <summary>Event: a version's shards are being written (its shards recorded from here on belong to it).</summary>
/// <param name="Version">The version.</param>
/// <param name="Jobs">The jobs it completes.</param>
public sealed record CorpusBuildStarted(string Version, IReadOnlyList<string> Jobs) : IClusterMessage;

/// <summary>Event: a shard of the version being built is stored.</summary>
/// <param name="Version">The version.</param>
/// <param name="Shard">The shard.</param>
public sealed record CorpusShardRecorded(string Version, VersionShard Shard) : IClusterMessage;

/// <summary>Event: a version is complete (manifest written, registry recorded) with these jobs.</summary>
/// <param name="Version">The version.</param>
/// <param name="Results">Per job included, its result.</param>
public sealed record CorpusBuildCompleted(string Version, IReadOnlyList<CorpusJobResult> Results) : IClusterMessage;

/// <summary>Event: a build gave up; its jobs failed.</summary>
/// <param name="Jobs">The jobs.</param>
/// <param name="Reason">Why.</param>
public sealed record CorpusBuildFailed(IReadOnlyList<string> Jobs, string Reason) : IClusterMessage;

/// <summary>Snapshot of the coordinator (taken between builds).</summary>
/// <param name="Datasets">Tracked datasets.</param>
/// <param name="Ready">Datasets with a complete ingestion (the ones a version holds).</param>
/// <param name="Queue">Queued jobs.</param>
/// <param name="Versions">Completed versions, oldest first.</param>
/// <param name="Results">Finished jobs' results.</param>
public sealed record CorpusCoordinatorSnapshot(
    IReadOnlyList<string> Datasets, IReadOnlyList<string> Ready, IReadOnlyList<CorpusJobQueued> Queue, IReadOnlyList<string> Versions, IReadOnlyList<CorpusJobResult> Results)
    : IClusterMessage;
