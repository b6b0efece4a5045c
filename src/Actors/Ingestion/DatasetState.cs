using PoseCluster.Datasets;
using PoseCluster.Datasets.Ingestion;
using PoseCluster.Datasets.Pipeline;
using PoseCluster.Datasets.Sources;
using PoseCluster.Storage.Pipeline;

namespace PoseCluster.Actors.Ingestion;

/// <summary>
/// The persistent state of a Dataset entity; <see cref="Apply"/> is the only place it changes (live and
/// during recovery). Jobs run one at a time in the order they were accepted: the first unfinished one is
/// <see cref="Running"/>, with its working data (scan, unit outcomes, the completed stage 1).
/// </summary>
internal sealed class DatasetState(string name)
{
    /// <summary>Most sequence errors a status lists.</summary>
    public const int MaxErrors = 100;

    private readonly List<DatasetJob> _jobs = [];

    /// <summary>The dataset name.</summary>
    public string Name { get; } = name;

    /// <summary>True once the corpus coordinator lists the dataset.</summary>
    public bool Tracked { get; private set; }

    /// <summary>Every job, oldest first.</summary>
    public IReadOnlyList<DatasetJob> Jobs => _jobs;

    /// <summary>The last complete ingestion, or null.</summary>
    public DatasetIngestion? Current { get; private set; }

    /// <summary>The running job and its working data, or null when every job is finished.</summary>
    public RunningDatasetJob? Running { get; private set; }

    /// <summary>The job with this id, or null.</summary>
    public DatasetJob? Job(string job) => _jobs.FirstOrDefault(j => j.Job == job);

    /// <summary>Applies one event.</summary>
    public void Apply(object @event)
    {
        switch (@event)
        {
            case DatasetJobAccepted accepted:
                _jobs.Add(new DatasetJob(accepted.Job, accepted.Kind, accepted.Directory, accepted.At, DatasetJobPhase.Queued, null, SequenceCounts.None, 0, 0, [], null));
                StartNextIfIdle();
                break;
            case DatasetTrackingConfirmed:
                Tracked = true;
                break;
            case DatasetJobScanned scanned when Running?.Job.Job == scanned.Job:
                Running.Scanned(scanned, Name);
                Update(Running.Job with { Phase = DatasetJobPhase.Stage1, UnitsTotal = scanned.Units.Count, Sequences = SequenceCounts.None with { Total = scanned.Units.Count } });
                break;
            case DatasetUnitRecorded recorded when Running?.Job.Job == recorded.Job && Running.Scan is not null:
                if (Running.Record(recorded.Outcome))
                {
                    var (counts, errors) = DatasetCompletion.Counts(Running.Outcomes, Running.Scan.Layout.Units.Count - Running.Outcomes.Count, MaxErrors);
                    Update(Running.Job with { UnitsDone = Running.Outcomes.Count, Sequences = counts, Errors = errors });
                }

                break;
            case DatasetStage1Completed completed when Running?.Job.Job == completed.Job:
                Running.Complete(completed, Name);
                var (finalCounts, finalErrors) = DatasetCompletion.Counts(Running.Inputs!, MaxErrors);
                Update(Running.Job with { Phase = DatasetJobPhase.Recording, ContentHash = completed.ContentHash, Sequences = finalCounts, Errors = finalErrors });
                break;
            case DatasetSequencesRecorded recorded when Running?.Job.Job == recorded.Job && Running.Inputs is not null:
                Current = new DatasetIngestion(Running.Job.Job, Running.Job.Kind, Running.Job.Directory, Running.Scan!.CheapFingerprint, Running.Files!, Running.Inputs);
                Update(Running.Job with { Phase = DatasetJobPhase.Reporting });
                break;
            case DatasetJobReported reported when Running?.Job.Job == reported.Job:
                Finish(Running.Job with { Phase = DatasetJobPhase.Reported });
                break;
            case DatasetJobFailed failed when Running?.Job.Job == failed.Job:
                Finish(Running.Job with { Phase = DatasetJobPhase.Failed, Error = failed.Reason });
                break;
            default:
                // An event for a job that is not the running one cannot be produced; ignoring it keeps recovery total.
                break;
        }
    }

    /// <summary>The snapshot (only taken with no job running).</summary>
    public DatasetSnapshot ToSnapshot() => new(Tracked, _jobs.ToArray(), Current);

    /// <summary>Restores a snapshot.</summary>
    public void Restore(DatasetSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Tracked = snapshot.Tracked;
        _jobs.Clear();
        _jobs.AddRange(snapshot.Jobs);
        Current = snapshot.Current;
        Running = null;
        StartNextIfIdle();
    }

    /// <summary>The fingerprints of the previous scan of the same folder read by the same kind (none otherwise).</summary>
    public IReadOnlyList<FileFingerprint>? PreviousFiles(DatasetKind kind, string directory) =>
        Current is { } current && current.Kind == kind && current.Directory == directory ? current.Files : null;

    private void Update(DatasetJob job)
    {
        var index = _jobs.FindIndex(j => j.Job == job.Job);
        _jobs[index] = job;
        if (Running?.Job.Job == job.Job)
        {
            Running.Job = job;
        }
    }

    private void Finish(DatasetJob job)
    {
        Update(job);
        Running = null;
        StartNextIfIdle();
    }

    private void StartNextIfIdle()
    {
        if (Running is not null)
        {
            return;
        }

        var next = _jobs.FirstOrDefault(j => j.Phase is not (DatasetJobPhase.Reported or DatasetJobPhase.Failed));
        if (next is null)
        {
            return;
        }

        Running = new RunningDatasetJob(next.Phase == DatasetJobPhase.Queued ? next with { Phase = DatasetJobPhase.Scanning } : next);
        Update(Running.Job);
    }
}
