using PoseCluster.Datasets.Ingestion;
using PoseCluster.Datasets.Pipeline;
using PoseCluster.Datasets.Sources;
using PoseCluster.Storage.Pipeline;

namespace PoseCluster.Actors.Ingestion;

/// <summary>The running job of a Dataset entity with its working data (rebuilt from the journal on recovery).</summary>
internal sealed class RunningDatasetJob(DatasetJob job)
{
    private readonly Dictionary<string, Stage1UnitOutcome> _outcomes = new(StringComparer.Ordinal);

    /// <summary>The job.</summary>
    public DatasetJob Job { get; set; } = job;

    /// <summary>The cheap scan, once done.</summary>
    public DatasetScan? Scan { get; private set; }

    /// <summary>Units not skipped by the layout that are still to run, in load order.</summary>
    public IEnumerable<SourceUnit> PendingUnits => Scan is null ? [] : Scan.Layout.Units.Where(u => !_outcomes.ContainsKey(u.Id));

    /// <summary>Recorded unit outcomes in load order.</summary>
    public IReadOnlyList<Stage1UnitOutcome> Outcomes => Scan is null ? [] : [.. Scan.Layout.Units.Where(u => _outcomes.ContainsKey(u.Id)).Select(u => _outcomes[u.Id])];

    /// <summary>True when every unit is through stage 1.</summary>
    public bool AllUnitsRecorded => Scan is not null && _outcomes.Count == Scan.Layout.Units.Count;

    /// <summary>Every file with its SHA-256, once stage 1 is complete.</summary>
    public IReadOnlyList<FileFingerprint>? Files { get; private set; }

    /// <summary>What corpus versions will take from this ingestion, once stage 1 is complete.</summary>
    public DatasetInputs? Inputs { get; private set; }

    /// <summary>Each accepted sequence's stage-1 record by Sequence entity id, once stage 1 is complete.</summary>
    public IReadOnlyDictionary<string, CorpusSequence> Accepted { get; private set; } = new Dictionary<string, CorpusSequence>();

    /// <summary>Takes the scan.</summary>
    public void Scanned(DatasetJobScanned scanned, string dataset)
    {
        var source = new DatasetSource(dataset, Job.Kind, Job.Directory);
        Scan = new DatasetScan(source, new DatasetLayout(Job.Kind, Job.Directory, scanned.ListFiles, scanned.Units), scanned.Files, scanned.CheapFingerprint);
    }

    /// <summary>Records a unit's outcome; false when it was recorded already.</summary>
    public bool Record(Stage1UnitOutcome outcome) => _outcomes.TryAdd(outcome.Unit, outcome);

    /// <summary>Takes the completed stage 1.</summary>
    public void Complete(DatasetStage1Completed completed, string dataset)
    {
        Files = completed.Files;
        (Inputs, Accepted) = DatasetCompletion.Compute(dataset, Job.Job, Job.Kind, completed.ContentHash, Outcomes);
    }
}
